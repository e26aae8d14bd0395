/** A model with platform "ensemble" must say how to run its steps. */
import type { Rule } from '../../../rules/rule';
import { configOf, isEnsemble, modelName, rangeAt } from './model-config';

export const ensembleMissingScheduling: Rule = {
  id: 'triton/ensemble-missing-scheduling',
  appliesTo: { formats: ['triton'] },
  defaultSeverity: 'error',
  title: 'Ensemble without ensemble_scheduling',
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg || !isEnsemble(cfg) || cfg.ensemble_scheduling !== undefined) return;
    ctx.report({
      message: `platform is "ensemble" but there is no ensemble_scheduling; Triton rejects the config ("ensemble scheduling must be set for ensemble ${modelName(cfg)} whose platform is ensemble"). Add ensemble_scheduling { step [ ... ] }.`,
      range: rangeAt(ctx.analysis, ['platform']),
    });
  },
};
