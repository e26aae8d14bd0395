/** preserve_ordering cannot be combined with a queue policy that delays timed-out requests. */
import { defineRule } from '../../../rules/rule';
import { replaceScalar } from '../../../editing/edits';
import { configOf, isObj, mapEntries, modelName, nodeAt, num, rangeAt, truthy, type Obj, type Path } from './model-config';

export const preserveOrderingDelayTimeout = defineRule({
  id: 'triton/preserve-ordering-delay-timeout',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'preserve_ordering with a DELAY timeout action',
  fix: 'unsafe',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateModelConfig` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    const db = cfg?.dynamic_batching;
    if (!cfg || !isObj(db) || !truthy(db.preserve_ordering)) return;
    const policies: { policy: Obj; path: Path }[] = [];
    if (isObj(db.default_queue_policy)) policies.push({ policy: db.default_queue_policy, path: ['dynamic_batching', 'default_queue_policy'] });
    for (const e of mapEntries(db.priority_queue_policy)) {
      if (isObj(e.value)) policies.push({ policy: e.value, path: ['dynamic_batching', 'priority_queue_policy', e.index, 'value'] });
    }
    for (const { policy, path } of policies) {
      const timeout = num(policy.default_timeout_microseconds) ?? 0;
      if (policy.timeout_action !== 'DELAY' || timeout === 0) continue;
      ctx.report({
        message: `With preserve_ordering a timed-out request cannot be delayed; Triton rejects the config ("Queue policy can not have DELAY as timeout action when 'preserve_ordering' is true for ${modelName(cfg)}"). Use timeout_action: REJECT.`,
        range: rangeAt(ctx.analysis, [...path, 'timeout_action']),
        data: { path: [...path, 'timeout_action'] },
      });
    }
  },
  fixes(finding, a) {
    const path = finding.data?.path;
    if (!Array.isArray(path)) return [];
    const node = nodeAt(a, path as Path).node;
    return node ? [{ title: 'Set timeout_action to REJECT', edits: [replaceScalar(a.text, node, 'REJECT')] }] : [];
  },
});
