/**
 * Inputs and outputs need a name. (data_type and dims may be left for auto-complete to
 * fill from the model file, so only the name is judged here.)
 */
import { defineRule } from '../../../rules/rule';
import { configOf, modelName, rangeAt } from './model-config';
import { ioTensors } from './io-tensors';

export const ioRequiredFields = defineRule({
  id: 'triton/io-required-fields',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Input or output without a name',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateIOShape` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    for (const t of ioTensors(cfg)) {
      if (t.name) continue;
      const r = rangeAt(ctx.analysis, t.path);
      ctx.report({
        message: `This ${t.side} has no name; Triton refuses to load the model ("model ${t.side} must specify 'name' for ${modelName(cfg)}"). Add the tensor name the model uses.`,
        range: { start: r.start, end: Math.min(r.end, r.start + 1) },
      });
    }
  },
});
