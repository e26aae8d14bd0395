/** dynamic_batching.preferred_batch_size entries must be positive. */
import type { Rule } from '../../../rules/rule';
import { configOf, int, isObj, list, modelName, rangeAt } from './model-config';

export const preferredBatchSizeNonpositive: Rule = {
  id: 'triton/preferred-batch-size-nonpositive',
  appliesTo: { formats: ['triton'] },
  defaultSeverity: 'error',
  title: 'preferred_batch_size entry of 0 or less',
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    const db = cfg?.dynamic_batching;
    if (!cfg || !isObj(db)) return;
    list(db.preferred_batch_size).forEach((s, i) => {
      const n = int(s);
      if (n === undefined || n > 0) return;
      ctx.report({
        message: `Preferred batch size ${n} is not positive; Triton rejects the config ("dynamic batching preferred size must be positive for ${modelName(cfg)}"). Remove the entry.`,
        range: rangeAt(ctx.analysis, ['dynamic_batching', 'preferred_batch_size', i]),
      });
    });
  },
};
