/** A START/END/READY control with more than one of the *_false_true lists. */
import { defineRule } from '../../../rules/rule';
import { configOf, modelName, rangeAt } from './model-config';
import { BOOLEAN_KINDS, controlTensors, falseTrueFields } from './sequence-controls';

export const sequenceControlMultipleFalseTrue = defineRule({
  id: 'triton/sequence-control-multiple-false-true',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Control with more than one of int32_false_true, fp32_false_true, bool_false_true',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `GetBooleanSequenceControlProperties` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    for (const t of controlTensors(cfg)) {
      for (const c of t.controls) {
        const fields = falseTrueFields(c.control);
        if (!c.kind || !BOOLEAN_KINDS.includes(c.kind) || fields.length < 2) continue;
        ctx.report({
          message: `${c.kind} sets ${fields.join(' and ')}; Triton rejects the config ("sequence batching specifies more than one from 'int32_false_true', 'fp32_false_true' and 'bool_false_true' for ${c.kind} for ${modelName(cfg)}"). Keep the one that matches the input's data type.`,
          range: rangeAt(ctx.analysis, [...c.path, fields[1]]),
        });
      }
    }
  },
});
