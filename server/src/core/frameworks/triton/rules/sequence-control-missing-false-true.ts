/** START/END/READY controls need the false/true values Triton writes into the tensor. */
import { defineRule } from '../../../rules/rule';
import { configOf, modelName, rangeAt } from './model-config';
import { BOOLEAN_KINDS, controlTensors, falseTrueFields } from './sequence-controls';

export const sequenceControlMissingFalseTrue = defineRule({
  id: 'triton/sequence-control-missing-false-true',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'START/END/READY control without int32_false_true, fp32_false_true or bool_false_true',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `GetBooleanSequenceControlProperties` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    for (const t of controlTensors(cfg)) {
      for (const c of t.controls) {
        if (!c.kind || !BOOLEAN_KINDS.includes(c.kind) || falseTrueFields(c.control).length > 0) continue;
        ctx.report({
          message: `${c.kind} needs the values for false and true; Triton rejects the config ("sequence batching must specify either 'int32_false_true', 'fp32_false_true' or 'bool_false_true' for ${c.kind} for ${modelName(cfg)}"). Add e.g. \`int32_false_true: [ 0, 1 ]\` matching the input's data type.`,
          range: rangeAt(ctx.analysis, [...c.path, 'kind']),
        });
      }
    }
  },
});
