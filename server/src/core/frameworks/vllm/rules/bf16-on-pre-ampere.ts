/** bfloat16 kernels need compute capability 8.0 (Ampere); V100 and T4 can only run float16. */
import { defineRule } from '../../../rules/rule';
import { computeCapability, deploymentOf, gpuFor, setArgEdit } from '../../../rules/capacity/engineArgs';

export const bf16OnPreAmpere = defineRule({
  id: 'vllm/bf16-on-pre-ampere',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'dtype bfloat16 on a GPU older than Ampere',
  fix: 'unsafe',
  sources: ['vLLM CUDA platform `check_if_supports_dtype`; fallback in `vllm/config/model.py` `_resolve_auto_dtype` (@0052a5b8)'],
  check(ctx) {
    const a = ctx.analysis;
    (a.plan?.deployments ?? []).forEach((dep, index) => {
      const d = dep.model.dtype;
      if (dep.engine !== 'vllm' || !d?.range || typeof d.value !== 'string' || d.value.toLowerCase() !== 'bfloat16') return;
      const gpu = gpuFor(a, dep);
      const cc = gpu ? computeCapability(gpu) : undefined;
      if (!gpu || cc === undefined || cc >= 8.0) return;
      ctx.report({
        message: `Bfloat16 is only supported on GPUs with compute capability of at least 8.0; ${gpu.id} has ${cc.toFixed(1)}. vLLM refuses to start: use dtype: half.`,
        range: d.range,
        data: { deployment: index },
      });
    });
  },
  fixes(finding, a) {
    const dep = deploymentOf(a, finding.data);
    if (!dep) return [];
    const e = setArgEdit(a, dep, 'dtype', 'half');
    return e ? [{ title: 'Set dtype: half (float16)', edits: [e] }] : [];
  },
});
