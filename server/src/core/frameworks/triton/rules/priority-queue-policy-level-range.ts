/** priority_queue_policy keys must be priority levels in [1, priority_levels]. */
import type { Rule } from '../../../rules/rule';
import { configOf, fmt, int, isObj, mapEntries, modelName, rangeAt } from './model-config';

export const priorityQueuePolicyLevelRange: Rule = {
  id: 'triton/priority-queue-policy-level-range',
  appliesTo: { formats: ['triton'] },
  defaultSeverity: 'error',
  title: 'priority_queue_policy for a level outside [1, priority_levels]',
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
};
