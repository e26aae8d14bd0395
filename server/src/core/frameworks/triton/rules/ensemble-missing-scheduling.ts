/** A model with platform "ensemble" must say how to run its steps. */
import { defineRule } from '../../../rules/rule';
import { configOf, isEnsemble, modelName, rangeAt } from './model-config';

export const ensembleMissingScheduling = defineRule({
  id: 'triton/ensemble-missing-scheduling',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Ensemble without ensemble_scheduling',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateModelConfig` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg || !isEnsemble(cfg) || cfg.ensemble_scheduling !== undefined) return;
    ctx.report({
      message: `platform is "ensemble" but there is no ensemble_scheduling; Triton rejects the config ("ensemble scheduling must be set for ensemble ${modelName(cfg)} whose platform is ensemble"). Add ensemble_scheduling { step [ ... ] }.`,
      range: rangeAt(ctx.analysis, ['platform']),
    });
  },
});
