/** CONTROL_SEQUENCE_CORRID takes a data_type, not false/true values, and only integer or string types. */
import { defineRule } from '../../../rules/rule';
import { configOf, modelName, rangeAt, str } from './model-config';
import { controlTensors, falseTrueFields } from './sequence-controls';

const ALLOWED = ['TYPE_UINT64', 'TYPE_INT64', 'TYPE_UINT32', 'TYPE_INT32', 'TYPE_STRING'];

export const sequenceCorridControl = defineRule({
  id: 'triton/sequence-corrid-control',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'CONTROL_SEQUENCE_CORRID with false/true values or an unsupported data type',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `GetTypedSequenceControlProperties`, `ValidateModelConfig` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    const name = modelName(cfg);
    for (const t of controlTensors(cfg)) {
      for (const c of t.controls) {
        if (c.kind !== 'CONTROL_SEQUENCE_CORRID') continue;
        const fields = falseTrueFields(c.control);
        if (fields.length > 0) {
          ctx.report({
            message: `CONTROL_SEQUENCE_CORRID does not take ${fields[0]}; Triton rejects the config ("sequence batching must not specify either 'int32_false_true', 'fp32_false_true' or 'bool_false_true' for CONTROL_SEQUENCE_CORRID for ${name}"). Remove it and set data_type instead.`,
            range: rangeAt(ctx.analysis, [...c.path, fields[0]]),
          });
          continue;
        }
        const dt = str(c.control.data_type) ?? 'TYPE_INVALID';
        if (ALLOWED.includes(dt)) continue;
        ctx.report({
          message: `CONTROL_SEQUENCE_CORRID ${c.control.data_type === undefined ? 'has no data_type' : `has data_type ${dt}`}; Triton rejects the config ("unexpected data type for control CONTROL_SEQUENCE_CORRID for ${name}. Allowed data types are TYPE_UINT64, TYPE_INT64, TYPE_UINT32, TYPE_INT32 and TYPE_STRING").`,
          range: rangeAt(ctx.analysis, c.control.data_type === undefined ? [...c.path, 'kind'] : [...c.path, 'data_type']),
        });
      }
    }
  },
});
