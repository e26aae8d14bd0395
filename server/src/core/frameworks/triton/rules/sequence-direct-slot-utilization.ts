/** direct.minimum_slot_utilization is a fraction of the batch slots: within [0, 1]. */
import type { Rule } from '../../../rules/rule';
import { configOf, isObj, modelName, num, rangeAt } from './model-config';

export const sequenceDirectSlotUtilization: Rule = {
  id: 'triton/sequence-direct-slot-utilization',
  appliesTo: { formats: ['triton'] },
  defaultSeverity: 'error',
  title: 'minimum_slot_utilization outside [0, 1]',
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    const sb = cfg?.sequence_batching;
    if (!cfg || !isObj(sb) || !isObj(sb.direct)) return;
    const u = num(sb.direct.minimum_slot_utilization);
    if (u === undefined || (u >= 0 && u <= 1)) return;
    ctx.report({
      message: `minimum_slot_utilization ${u} is a fraction of the batch slots and must be between 0 and 1; Triton refuses to load the model ("sequence batching minimum slot utilization must be in range (0.0, 1.0] for ${modelName(cfg)}").`,
      range: rangeAt(ctx.analysis, ['sequence_batching', 'direct', 'minimum_slot_utilization']),
    });
  },
};
