/** Non-linear IO formats exist only in TensorRT engines and need 3 dims. */
import { defineRule } from '../../../rules/rule';
import { configOf, list, rangeAt, resolvePlatform, truthy } from './model-config';
import { ioTensors } from './io-tensors';

export const nonLinearIoFormat = defineRule({
  id: 'triton/non-linear-io-format',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'is_non_linear_format_io outside TensorRT or without 3 dims',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateNonLinearFormatIO` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    const r = resolvePlatform(cfg);
    for (const t of ioTensors(cfg)) {
      if (!truthy(t.io.is_non_linear_format_io)) continue;
      const range = rangeAt(ctx.analysis, [...t.path, 'is_non_linear_format_io']);
      if (r && r.platform !== 'tensorrt_plan') {
        ctx.report({ message: `"${t.name ?? ''}" uses a non-linear IO format on a model that is not TensorRT; Triton rejects the config ("Non-linear IO format is only supported for the TensorRT platform").`, range });
      } else if (t.io.dims !== undefined && list(t.io.dims).length !== 3) {
        ctx.report({ message: `"${t.name ?? ''}" uses a non-linear IO format with ${list(t.io.dims).length} dims; Triton rejects the config ("Non-linear IO format ${t.side} requires 3 dims").`, range });
      }
    }
  },
});
