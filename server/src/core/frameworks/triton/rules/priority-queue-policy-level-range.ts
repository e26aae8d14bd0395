/** priority_queue_policy keys must be priority levels in [1, priority_levels]. */
import { defineRule } from '../../../rules/rule';
import { configOf, fmt, int, isObj, mapEntries, modelName, rangeAt } from './model-config';

export const priorityQueuePolicyLevelRange = defineRule({
  id: 'triton/priority-queue-policy-level-range',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'priority_queue_policy for a level outside [1, priority_levels]',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateModelConfig` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    const db = cfg?.dynamic_batching;
    if (!cfg || !isObj(db)) return;
    const levels = int(db.priority_levels);
    // Without priority levels Triton does not look at the per-level policies.
    if (!levels) return;
    for (const e of mapEntries(db.priority_queue_policy)) {
      const level = Number(e.key);
      if (!Number.isInteger(level) || (level >= 1 && level <= levels)) continue;
      ctx.report({
        message: `Queue policy for priority level ${e.key} but priority_levels is ${fmt(levels)}; Triton rejects the config ("priority queue policy must have priority level in range [1, ${levels}] for ${modelName(cfg)}").`,
        range: rangeAt(ctx.analysis, ['dynamic_batching', 'priority_queue_policy', e.index, 'key']),
      });
    }
  },
});
