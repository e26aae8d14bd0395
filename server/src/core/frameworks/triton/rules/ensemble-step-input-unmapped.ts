/** Every required input of a step's model must be fed from an ensemble tensor. */
import { defineRule } from '../../../rules/rule';
import { configOf, isEnsemble, modelName, rangeAt, truthy } from './model-config';
import { ensembleSteps } from './ensemble-steps';
import { finalIo, ioName, repositoryOf, siblingConfig } from './repository';

export const ensembleStepInputUnmapped = defineRule({
  id: 'triton/ensemble-step-input-unmapped',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Required input of a step model not mapped',
  fix: 'none',
  sources: ['triton-inference-server/core `src/ensemble_scheduler/ensemble_utils.cc` `ValidateEnsembleConfig` / `ValidateTensorMapping` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    const repo = repositoryOf(ctx.analysis);
    if (!cfg || !isEnsemble(cfg) || !repo) return;
    for (const s of ensembleSteps(cfg) ?? []) {
      const m = s.modelName;
      const sc = m ? siblingConfig(repo, m) : undefined;
      const ios = m && sc ? finalIo(repo, m, sc, 'input') : undefined;
      if (!m || !ios || s.inputs.length === 0) continue;
      const mapped = new Set(s.inputs.filter((e) => e.effective).map((e) => e.key));
      const missing = ios.filter((io) => !truthy(io.optional)).map(ioName).filter((n): n is string => !!n && !mapped.has(n));
      if (missing.length === 0) continue;
      ctx.report({
        message: `Step ${s.index} does not feed ${missing.map((n) => `"${n}"`).join(', ')}, required by model "${m}"; Triton fails to load the ensemble ("in ensemble ${modelName(cfg)}, input ${missing[0]} in model ${m} is not mapped to any ensemble tensors"). Add an input_map entry for it.`,
        range: rangeAt(ctx.analysis, [...s.path, 'model_name']),
      });
    }
  },
});
