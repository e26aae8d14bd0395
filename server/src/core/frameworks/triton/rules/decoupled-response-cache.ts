/** The response cache does not work with decoupled models. */
import { defineRule } from '../../../rules/rule';
import { configOf, isObj, modelName, rangeAt, truthy } from './model-config';

export const decoupledResponseCache = defineRule({
  id: 'triton/decoupled-response-cache',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Response cache enabled on a decoupled model',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateModelConfig` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg || !isObj(cfg.response_cache) || !truthy(cfg.response_cache.enable)) return;
    const policy = cfg.model_transaction_policy;
    if (!isObj(policy) || !truthy(policy.decoupled)) return;
    ctx.report({
      message: `The response cache is enabled on a decoupled model; Triton rejects the config ("Response Cache does not currently support model ${modelName(cfg)} with 'decoupled' transaction policy. Please disable the response cache.").`,
      range: rangeAt(ctx.analysis, ['response_cache', 'enable']),
      related: [{ range: rangeAt(ctx.analysis, ['model_transaction_policy', 'decoupled']), message: 'decoupled set here' }],
    });
  },
});
