/** FORMAT_NHWC / FORMAT_NCHW inputs are images: exactly 3 dims (without the batch dimension). */
import { defineRule } from '../../../rules/rule';
import { configOf, list, rangeAt } from './model-config';
import { ioTensors } from './io-tensors';

export const ioFormatNeeds3Dims = defineRule({
  id: 'triton/io-format-needs-3-dims',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'NHWC/NCHW input without exactly 3 dims',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateModelInput` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    for (const t of ioTensors(cfg)) {
      const f = t.io.format;
      if (t.side !== 'input' || (f !== 'FORMAT_NHWC' && f !== 'FORMAT_NCHW') || t.io.dims === undefined) continue;
      const n = list(t.io.dims).length;
      if (n === 3) continue;
      ctx.report({
        message: `Input "${t.name ?? ''}" has format ${f} but ${n} dims; Triton rejects the config ("model input NHWC/NCHW require 3 dims"). Give the 3 image dimensions (the batch dimension comes from max_batch_size) or drop format.`,
        range: rangeAt(ctx.analysis, [...t.path, 'format']),
      });
    }
  },
});
