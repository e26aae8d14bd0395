/** The response cache does not work with the sequence batcher. */
import type { Rule } from '../../../rules/rule';
import { configOf, isObj, keyRangeAt, modelName, rangeAt, truthy } from './model-config';

export const sequenceBatchingResponseCache: Rule = {
  id: 'triton/sequence-batching-response-cache',
  appliesTo: { formats: ['triton'] },
  defaultSeverity: 'error',
  title: 'Response cache enabled on a sequence-batched model',
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg || !isObj(cfg.sequence_batching) || !isObj(cfg.response_cache) || !truthy(cfg.response_cache.enable)) return;
    ctx.report({
      message: `The response cache is enabled on a model with sequence_batching; Triton rejects the config ("Response Cache does not currently support model ${modelName(cfg)} with sequence batching scheduler. Please disable the response cache.").`,
      range: rangeAt(ctx.analysis, ['response_cache', 'enable']),
      related: [{ range: keyRangeAt(ctx.analysis, ['sequence_batching']), message: 'sequence batching set here' }],
    });
  },
};
