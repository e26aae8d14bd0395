/** The response cache does not work with the sequence batcher. */
import { defineRule } from '../../../rules/rule';
import { configOf, isObj, keyRangeAt, modelName, rangeAt, truthy } from './model-config';

export const sequenceBatchingResponseCache = defineRule({
  id: 'triton/sequence-batching-response-cache',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Response cache enabled on a sequence-batched model',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateModelConfig` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg || !isObj(cfg.sequence_batching) || !isObj(cfg.response_cache) || !truthy(cfg.response_cache.enable)) return;
    ctx.report({
      message: `The response cache is enabled on a model with sequence_batching; Triton rejects the config ("Response Cache does not currently support model ${modelName(cfg)} with sequence batching scheduler. Please disable the response cache.").`,
      range: rangeAt(ctx.analysis, ['response_cache', 'enable']),
      related: [{ range: keyRangeAt(ctx.analysis, ['sequence_batching']), message: 'sequence batching set here' }],
    });
  },
});
