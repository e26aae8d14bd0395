/** Each ensemble step needs a model_name, an input_map and an output_map. */
import { defineRule } from '../../../rules/rule';
import { configOf, modelName, rangeAt } from './model-config';
import { ensembleSteps } from './ensemble-steps';

export const ensembleStepIncomplete = defineRule({
  id: 'triton/ensemble-step-incomplete',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Ensemble step without model_name, input_map or output_map',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `BuildEnsembleGraph` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    const name = modelName(cfg);
    for (const s of ensembleSteps(cfg) ?? []) {
      const missing = !s.modelName ? 'model_name' : s.inputs.length === 0 ? 'input_map' : s.outputs.length === 0 ? 'output_map' : undefined;
      if (!missing) continue;
      const at = rangeAt(ctx.analysis, s.path);
      ctx.report({
        message: `Step ${s.index}${s.modelName ? ` (${s.modelName})` : ''} has no ${missing}; Triton rejects the config ("must specify '${missing}' in step ${s.index} of ensemble '${name}'").`,
        range: { start: at.start, end: Math.min(at.end, at.start + 1) },
      });
    }
  },
});
