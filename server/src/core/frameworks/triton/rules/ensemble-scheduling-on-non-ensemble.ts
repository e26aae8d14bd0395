/** ensemble_scheduling belongs only to models with platform "ensemble". */
import { defineRule } from '../../../rules/rule';
import { configOf, isObj, isTemplate, keyRangeAt, modelName } from './model-config';

export const ensembleSchedulingOnNonEnsemble = defineRule({
  id: 'triton/ensemble-scheduling-on-non-ensemble',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'ensemble_scheduling on a model whose platform is not ensemble',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateEnsembleSchedulingConfig` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg || !isObj(cfg.ensemble_scheduling) || cfg.platform === 'ensemble' || isTemplate(cfg.platform)) return;
    ctx.report({
      message: `ensemble_scheduling is set but platform is ${typeof cfg.platform === 'string' ? `"${cfg.platform}"` : 'not set'}; Triton rejects the config ("ensemble scheduling cannot be set for model '${modelName(cfg)}' whose platform is not ensemble"). Set platform: "ensemble" (and no backend) or remove ensemble_scheduling.`,
      range: keyRangeAt(ctx.analysis, ['ensemble_scheduling']),
    });
  },
});
