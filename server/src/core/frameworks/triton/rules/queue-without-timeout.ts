/**
 * Load shedding under an SLO. Without a queue timeout or size (ModelQueuePolicy's
 * default_timeout_microseconds and max_queue_size are 0, "no limit", in model_config.proto),
 * Triton's dynamic batcher queues every request during an overload, so all of them wait
 * behind the backlog and miss the target, and clients hit their own timeouts instead of
 * retrying on another replica. A request that has waited as long as the whole latency
 * target can no longer meet it: rejecting it then (timeout_action REJECT, the default)
 * costs nothing and keeps the queue short for the requests that still can.
 */
import { defineRule } from '../../../rules/rule';
import { statedTargets } from '../../../planner/inFile';
import { parseSlo, type SloTarget } from '../../../planner/slo';
import type { MapNode } from '../../../types';
import { configOf, fmt, isObj, keyRangeAt, nodeAt, num, insertField, type Path } from './model-config';

/** The target a queued request certainly misses once it has waited this long: the tightest end-to-end one, else time to first token. */
function budgetTarget(targets: SloTarget[]): SloTarget | undefined {
  const tightest = (m: SloTarget['metric']) => targets.filter((t) => t.metric === m).sort((a, b) => a.ms - b.ms)[0];
  return tightest('e2e') ?? tightest('ttft');
}

function policyText(us: number): string {
  return `default_queue_policy { timeout_action: REJECT default_timeout_microseconds: ${us} allow_timeout_override: true }`;
}

export const queueWithoutTimeout = defineRule({
  id: 'triton/queue-without-timeout',
  appliesTo: { formats: ['triton'] },
  severity: 'warning',
  title: 'Dynamic batcher queues without limit under a latency SLO',
  // Rejecting late requests changes what clients see (errors instead of slow answers).
  fix: 'unsafe',
  sources: [
    'triton-inference-server/common `protobuf/model_config.proto` ModelQueuePolicy: timeout_action (REJECT = 0, the default; DELAY), default_timeout_microseconds (0: no timeout), allow_timeout_override, max_queue_size (0: unlimited)',
    'triton-inference-server/server `docs/user_guide/batcher.md` "Queue Policy"',
  ],
  check(ctx) {
    const a = ctx.analysis;
    const cfg = configOf(a);
    if (!cfg || !isObj(cfg.dynamic_batching)) return;
    const sloText = statedTargets(a.settings, a.modeline).slo;
    const slo = sloText === undefined ? undefined : parseSlo(sloText);
    if (!slo || 'error' in slo) return;
    const t = budgetTarget(slo.targets);
    if (!t) return;
    const db = cfg.dynamic_batching;
    // Priority levels each have their own policy; a model that sets them has thought about queueing.
    if ((num(db.priority_levels) ?? 0) > 0) return;
    const policy = isObj(db.default_queue_policy) ? db.default_queue_policy : undefined;
    if (policy && ((num(policy.default_timeout_microseconds) ?? 0) > 0 || (num(policy.max_queue_size) ?? 0) > 0)) return;
    const us = Math.round(t.ms * 1000);
    const where: Path = policy ? ['dynamic_batching', 'default_queue_policy'] : ['dynamic_batching'];
    const target = `${t.metric} p${t.percentile} < ${fmt(t.ms)} ms`;
    ctx.report({
      message: `Under the SLO ${target}, this model's queue has no timeout and no size limit, so in an overload every request waits behind the backlog and misses it, and clients time out instead of retrying elsewhere. A request that has waited ${fmt(t.ms)} ms can no longer meet the target: reject it then with ${policy ? `default_timeout_microseconds: ${us} in default_queue_policy` : policyText(us)}.`,
      range: keyRangeAt(a, where),
      data: { us, hasPolicy: !!policy },
    });
  },
  fixes(finding, a) {
    const { us, hasPolicy } = finding.data as { us: number; hasPolicy: boolean };
    const node = nodeAt(a, hasPolicy ? ['dynamic_batching', 'default_queue_policy'] : ['dynamic_batching']).node;
    if (node?.kind !== 'map') return [];
    const field = hasPolicy ? `default_timeout_microseconds: ${us}` : policyText(us);
    return [{ title: hasPolicy ? `Set default_timeout_microseconds: ${us}` : `Add a ${fmt(us / 1000)} ms queue timeout (REJECT)`, edits: [insertField(a.text, node as MapNode, field)] }];
  },
});
