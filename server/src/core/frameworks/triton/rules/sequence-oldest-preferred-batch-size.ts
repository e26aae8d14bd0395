/** sequence_batching.oldest.preferred_batch_size entries must be in [1, max_batch_size]. */
import { defineRule } from '../../../rules/rule';
import { configOf, fmt, int, isObj, list, maxBatchSize, modelName, rangeAt } from './model-config';

export const sequenceOldestPreferredBatchSize = defineRule({
  id: 'triton/sequence-oldest-preferred-batch-size',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Oldest sequence batcher preferred_batch_size not positive or above max_batch_size',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateModelConfig` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    const sb = cfg?.sequence_batching;
    if (!cfg || !isObj(sb) || !isObj(sb.oldest)) return;
    const max = maxBatchSize(cfg);
    const name = modelName(cfg);
    list(sb.oldest.preferred_batch_size).forEach((s, i) => {
      const n = int(s);
      if (n === undefined) return;
      let message: string | undefined;
      if (n <= 0) message = `Preferred batch size ${n} is not positive; Triton rejects the config ("sequence batching preferred batch size must be positive for ${name}").`;
      else if (max !== undefined && n > max)
        message = `Preferred batch size ${fmt(n)} is above max_batch_size ${fmt(max)}; Triton rejects the config ("sequence batching preferred batch size must be <= max batch size for ${name}").`;
      if (message) ctx.report({ message, range: rangeAt(ctx.analysis, ['sequence_batching', 'oldest', 'preferred_batch_size', i]) });
    });
  },
});
