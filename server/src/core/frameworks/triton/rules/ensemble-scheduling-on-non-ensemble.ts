/** ensemble_scheduling belongs only to models with platform "ensemble". */
import type { Rule } from '../../../rules/rule';
import { configOf, isObj, isTemplate, keyRangeAt, modelName } from './model-config';

export const ensembleSchedulingOnNonEnsemble: Rule = {
  id: 'triton/ensemble-scheduling-on-non-ensemble',
  appliesTo: { formats: ['triton'] },
  defaultSeverity: 'error',
  title: 'ensemble_scheduling on a model whose platform is not ensemble',
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg || !isObj(cfg.ensemble_scheduling) || cfg.platform === 'ensemble' || isTemplate(cfg.platform)) return;
    ctx.report({
      message: `ensemble_scheduling is set but platform is ${typeof cfg.platform === 'string' ? `"${cfg.platform}"` : 'not set'}; Triton rejects the config ("ensemble scheduling cannot be set for model '${modelName(cfg)}' whose platform is not ensemble"). Set platform: "ensemble" (and no backend) or remove ensemble_scheduling.`,
      range: keyRangeAt(ctx.analysis, ['ensemble_scheduling']),
    });
  },
};
