/** ensemble_scheduling needs at least one step. */
import type { Rule } from '../../../rules/rule';
import { configOf, isEnsemble, keyRangeAt, modelName } from './model-config';
import { ensembleSteps } from './ensemble-steps';

export const ensembleNoSteps: Rule = {
  id: 'triton/ensemble-no-steps',
  appliesTo: { formats: ['triton'] },
  defaultSeverity: 'error',
  title: 'Ensemble without steps',
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg || !isEnsemble(cfg)) return;
    const steps = ensembleSteps(cfg);
    if (!steps || steps.length > 0) return;
    ctx.report({
      message: `ensemble_scheduling has no step; Triton rejects the config ("must specify 'step' for ensemble '${modelName(cfg)}'"). Add the models to run as step entries.`,
      range: keyRangeAt(ctx.analysis, ['ensemble_scheduling']),
    });
  },
};
