/** Shape tensors exist only in TensorRT engines. */
import { defineRule } from '../../../rules/rule';
import { configOf, rangeAt, resolvePlatform, truthy } from './model-config';
import { ioTensors } from './io-tensors';

export const shapeTensorNonTensorrt = defineRule({
  id: 'triton/shape-tensor-non-tensorrt',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'is_shape_tensor on a model that is not TensorRT',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateModelInput` / `ValidateModelOutput` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    const r = resolvePlatform(cfg);
    if (!r || r.platform === 'tensorrt_plan') return;
    for (const t of ioTensors(cfg)) {
      if (!truthy(t.io.is_shape_tensor)) continue;
      ctx.report({
        message: `${t.side === 'input' ? 'Input' : 'Output'} "${t.name ?? ''}" is marked as a shape tensor on a ${r.backend || r.platform || 'non-TensorRT'} model; Triton rejects the config ("shape tensors are only supported for TensorRT platform"). Remove is_shape_tensor.`,
        range: rangeAt(ctx.analysis, [...t.path, 'is_shape_tensor']),
      });
    }
  },
});
