/** batch_input sources must be inputs of the model. */
import { defineRule } from '../../../rules/rule';
import { configOf, isObj, list, modelName, rangeAt, str } from './model-config';

export const batchInputInvalid = defineRule({
  id: 'triton/batch-input-invalid',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'batch_input whose source is not a model input',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateBatchIO` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    const inputs = new Set(list(cfg.input).map((i) => (isObj(i) ? str(i.name) : undefined)));
    const suffix = ` for ${modelName(cfg)}`;
    list(cfg.batch_input).forEach((b, i) => {
      if (!isObj(b)) return;
      const path = ['batch_input', i];
      // The number of sources and the data type are schema checks (schema/*); what is left needs the inputs.
      const sources = list(b.source_input);
      sources.forEach((s, j) => {
        // Without declared inputs, auto-complete fills them from the model file.
        if (typeof s !== 'string' || inputs.has(s) || list(cfg.input).length === 0) return;
        ctx.report({
          message: `source_input "${s}" is not one of the model's inputs; Triton rejects the config ("unknown source input name '${s}'${suffix}").`,
          range: rangeAt(ctx.analysis, [...path, 'source_input', j]),
        });
      });
    });
  },
});
