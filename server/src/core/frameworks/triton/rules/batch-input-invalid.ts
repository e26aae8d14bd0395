/** batch_input entries: one source input for every kind, INT32/FP32 data, sources that are inputs. */
import type { Rule } from '../../../rules/rule';
import { configOf, isObj, keyRangeAt, list, modelName, rangeAt, str } from './model-config';

const KINDS = [
  'BATCH_ELEMENT_COUNT',
  'BATCH_ACCUMULATED_ELEMENT_COUNT',
  'BATCH_ACCUMULATED_ELEMENT_COUNT_WITH_ZERO',
  'BATCH_MAX_ELEMENT_COUNT_AS_SHAPE',
  'BATCH_ITEM_SHAPE',
  'BATCH_ITEM_SHAPE_FLATTEN',
];

export const batchInputInvalid: Rule = {
  id: 'triton/batch-input-invalid',
  appliesTo: { formats: ['triton'] },
  defaultSeverity: 'error',
  title: 'batch_input with a wrong number of sources, data type or unknown source',
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    const inputs = new Set(list(cfg.input).map((i) => (isObj(i) ? str(i.name) : undefined)));
    const suffix = ` for ${modelName(cfg)}`;
    list(cfg.batch_input).forEach((b, i) => {
      if (!isObj(b)) return;
      const path = ['batch_input', i];
      const kind = str(b.kind);
      const sources = list(b.source_input);
      if (kind && KINDS.includes(kind) && sources.length !== 1) {
        ctx.report({
          message: `batch_input of kind ${kind} needs exactly one source_input, it has ${sources.length}; Triton rejects the config ("batch input kind '${kind}' expects 1 source input, got ${sources.length}${suffix}").`,
          range: sources.length ? keyRangeAt(ctx.analysis, [...path, 'source_input']) : keyRangeAt(ctx.analysis, [...path, 'kind']),
        });
      }
      const dt = str(b.data_type);
      if (dt !== 'TYPE_INT32' && dt !== 'TYPE_FP32' && !(kind && !KINDS.includes(kind))) {
        ctx.report({
          message: `batch_input data_type is ${dt ?? 'not set'}; Triton rejects the config ("batch input data type must be TYPE_INT32 or TYPE_FP32${suffix}").`,
          range: dt === undefined ? rangeAt(ctx.analysis, path) : rangeAt(ctx.analysis, [...path, 'data_type']),
        });
      }
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
};
