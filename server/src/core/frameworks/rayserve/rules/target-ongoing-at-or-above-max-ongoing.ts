/**
 * autoscaling target_ongoing_requests at or above max_ongoing_requests: a replica
 * never holds more than max_ongoing_requests, so the load it reports can't rise above
 * the target and Serve only scales up on requests queued in front of the replicas.
 */
import { defineRule } from '../../../rules/rule';
import { replaceScalar } from '../../../editing/edits';
import { deploymentBlocks, fmt, isFiniteNum, isObj, isPath, rangeAt, scalarAt } from './serve-blocks';

/** Serve's default max_ongoing_requests since Ray 2.32 (it was 100 before). */
const DEFAULT_MAX_ONGOING = 5;

export const targetOngoingAtOrAboveMaxOngoing = defineRule({
  id: 'rayserve/target-ongoing-at-or-above-max-ongoing',
  appliesTo: { schemas: ['rayserve', 'rayserve-llm'] },
  severity: 'warning',
  title: 'Autoscaling target at or above max_ongoing_requests',
  fix: 'unsafe',
  sources: ['Ray docs *Advanced Ray Serve Autoscaling* (target default 2 since 2.32); `python/ray/serve/_private/constants.py` `DEFAULT_MAX_ONGOING_REQUESTS = 5`, `DEFAULT_TARGET_ONGOING_REQUESTS = 2`; Ray Serve LLM `DEFAULT_MAX_ONGOING_REQUESTS = 1e9`'],
  check(ctx) {
    const a = ctx.analysis;
    for (const d of deploymentBlocks(a)) {
      const as = d.value.autoscaling_config;
      if (!isObj(as)) continue;
      const targetKey = isFiniteNum(as.target_ongoing_requests) ? 'target_ongoing_requests' : isFiniteNum(as.target_num_ongoing_requests_per_replica) ? 'target_num_ongoing_requests_per_replica' : undefined;
      if (!targetKey) continue;
      const target = as[targetKey] as number;
      const maxKey = isFiniteNum(d.value.max_ongoing_requests) ? 'max_ongoing_requests' : isFiniteNum(d.value.max_concurrent_queries) ? 'max_concurrent_queries' : undefined;
      // Serve LLM deployments default to an effectively unlimited max_ongoing_requests;
      // the 5 default only holds for plain deployments, and only when the config uses
      // the post-2.10 target key (older configs ran with a default of 100).
      if (!maxKey && (d.kind !== 'deployment' || targetKey !== 'target_ongoing_requests')) continue;
      const max = maxKey ? (d.value[maxKey] as number) : DEFAULT_MAX_ONGOING;
      if (target < max) continue;
      const targetPath = [...d.path, 'autoscaling_config', targetKey];
      const maxPath = maxKey ? [...d.path, maxKey] : undefined;
      const maxText = maxKey === 'max_concurrent_queries' ? ' (from max_concurrent_queries)' : maxKey ? '' : ` (not set: ${DEFAULT_MAX_ONGOING} is the default since Ray 2.32; it was 100 before)`;
      ctx.report({
        message:
          `${targetKey} ${fmt(target)} ≥ max_ongoing_requests ${fmt(max)}${maxText} in ${d.label}. A replica never runs more than ${fmt(max)} requests at once, so its load can't exceed the target ` +
          `and Serve adds replicas only once requests pile up in front of them. Keep max_ongoing_requests above the target (e.g. ${fmt(Math.ceil(target * 2))}) or lower the target.`,
        range: rangeAt(a, targetPath),
        related: maxPath ? [{ range: rangeAt(a, maxPath), message: maxKey! }] : undefined,
        data: { maxPath, targetPath, target, max },
      });
    }
  },
  fixes(finding, a) {
    const { maxPath, targetPath, target, max } = finding.data ?? {};
    if (typeof target !== 'number' || typeof max !== 'number') return [];
    const out = [];
    const maxNode = isPath(maxPath) ? scalarAt(a, maxPath) : undefined;
    const raised = Math.ceil(target * 2);
    if (maxNode) out.push({ title: `Raise max_ongoing_requests to ${fmt(raised)} (2 × target)`, edits: [replaceScalar(a.text, maxNode, raised)] });
    const targetNode = isPath(targetPath) ? scalarAt(a, targetPath) : undefined;
    const lowered = Math.max(1, Math.floor(max / 2));
    if (targetNode && lowered < target) out.push({ title: `Lower the target to ${fmt(lowered)} (half of max_ongoing_requests)`, edits: [replaceScalar(a.text, targetNode, lowered)] });
    return out;
  },
});
