/** batch_output entries: a source that is an input, target outputs that exist, each named once. */
import { defineRule } from '../../../rules/rule';
import { configOf, isObj, list, modelName, rangeAt, str } from './model-config';

export const batchOutputInvalid = defineRule({
  id: 'triton/batch-output-invalid',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'batch_output with a wrong source or target name',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateBatchIO` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    const names = (side: string) => new Set(list(cfg[side]).map((i) => (isObj(i) ? str(i.name) : undefined)));
    const inputs = names('input');
    const outputs = names('output');
    const suffix = ` for ${modelName(cfg)}`;
    list(cfg.batch_output).forEach((b, i) => {
      if (!isObj(b)) return;
      const path = ['batch_output', i];
      // The number of sources is a schema check (schema/*).
      const sources = list(b.source_input);
      sources.forEach((s, j) => {
        // Without declared inputs/outputs, auto-complete fills them from the model file.
        if (typeof s !== 'string' || inputs.has(s) || list(cfg.input).length === 0) return;
        ctx.report({
          message: `source_input "${s}" is not one of the model's inputs; Triton rejects the config ("unknown source input name '${s}'${suffix}").`,
          range: rangeAt(ctx.analysis, [...path, 'source_input', j]),
        });
      });
      const seen = new Set<string>();
      list(b.target_name).forEach((t, j) => {
        if (typeof t !== 'string') return;
        const range = rangeAt(ctx.analysis, [...path, 'target_name', j]);
        if (!outputs.has(t) && list(cfg.output).length > 0) {
          ctx.report({ message: `target_name "${t}" is not one of the model's outputs; Triton rejects the config ("unknown target output name '${t}'${suffix}").`, range });
        } else if (seen.has(t)) {
          ctx.report({ message: `target_name "${t}" is listed twice; Triton rejects the config ("target output name '${t}' can only be specified once${suffix}").`, range });
        }
        seen.add(t);
      });
    });
  },
});
