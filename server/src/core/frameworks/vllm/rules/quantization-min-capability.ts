/**
 * Each quantization method declares the oldest GPU its kernels run on; vLLM
 * checks it against the device when it builds the quantization config.
 */
import { own } from '../../../own';
import { defineRule } from '../../../rules/rule';
import { computeCapability, gpuFor, rangeFor } from '../../../rules/capacity/engineArgs';
import { archOf } from './model-facts';

/** Minimum compute capability per method, from each method's get_min_capability(). */
const MIN_CAPABILITY: Record<string, number> = {
  // fp8 runs weight-only through Marlin below 8.9, so Ampere is enough.
  fp8: 8.0,
  awq: 7.5,
  gptq: 6.0,
};

export const quantizationMinCapability = defineRule({
  id: 'vllm/quantization-min-capability',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'Quantization method not supported on the target GPU',
  fix: 'none',
  sources: ['vLLM `vllm/config/vllm.py` `VllmConfig._get_quantization_config` (@000fc94b); minimums from `get_min_capability()` in `quantization/fp8.py` and `quantization/awq.py`'],
  check(ctx) {
    const a = ctx.analysis;
    (a.plan?.deployments ?? []).forEach((dep) => {
      if (dep.engine !== 'vllm') return;
      const explicit = dep.model.quantization?.value;
      const method = (typeof explicit === 'string' ? explicit : archOf(dep)?.quantization?.method)?.toLowerCase();
      const min = method ? own(MIN_CAPABILITY, method) : undefined;
      if (min === undefined) return;
      const gpu = gpuFor(a, dep);
      const cc = gpu ? computeCapability(gpu) : undefined;
      if (!gpu || cc === undefined || cc >= min) return;
      ctx.report({
        message:
          `The quantization method ${method} is not supported for the current GPU. Minimum capability: ${Math.round(min * 10)}. Current capability: ${Math.round(cc * 10)} (${gpu.id}). ` +
          `${typeof explicit === 'string' ? '' : 'The checkpoint is quantized this way. '}Use a GPU with compute capability ${min.toFixed(1)} or newer, or a checkpoint in another format.`,
        range: rangeFor(dep, 'quantization'),
      });
    });
  },
});
