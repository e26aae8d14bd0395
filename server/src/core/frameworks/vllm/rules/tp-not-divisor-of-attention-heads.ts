/**
 * Tensor parallelism splits attention heads evenly across GPUs. vLLM checks the
 * query heads when it builds the model config; the model code then asserts that
 * the KV heads either split evenly or replicate evenly.
 */
import { defineRule, type Fix } from '../../../rules/rule';
import { deploymentOf, setArgEdit, tpValidFor } from '../../../rules/capacity/engineArgs';
import { archOf } from './model-facts';

export const tpNotDivisorOfAttentionHeads = defineRule({
  id: 'vllm/tp-not-divisor-of-attention-heads',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'tensor_parallel_size does not divide the model’s attention heads',
  fix: 'unsafe',
  sources: ['vLLM `vllm/config/model.py` `ModelConfig.verify_with_parallel_config` (@0052a5b8); KV-head split asserted in the models\' attention layers'],
  check(ctx) {
    const a = ctx.analysis;
    (a.plan?.deployments ?? []).forEach((dep, index) => {
      const tp = dep.parallelism.tensor;
      if (dep.engine !== 'vllm' || !tp?.range || typeof tp.value !== 'number' || !Number.isInteger(tp.value) || tp.value < 2) return;
      const arch = archOf(dep);
      if (!arch || tpValidFor(arch.numHeads, arch.numKvHeads, tp.value)) return;
      const heads = arch.numHeads;
      // MLA models keep one latent per token, not per KV head; only the query heads matter there.
      const kvOnly = heads % tp.value === 0;
      if (kvOnly && arch.mla) return;
      let below: number | undefined;
      for (let n = Math.min(tp.value - 1, 1024); n >= 1; n--) if (tpValidFor(heads, arch.numKvHeads, n)) { below = n; break; }
      // Larger sizes only up to what one node (or the declared cluster) holds.
      const cap = Math.min(1024, Math.max(8, a.estimates[index]?.clusterGpus ?? 0));
      let above: number | undefined;
      for (let n = tp.value + 1; n <= cap; n++) if (tpValidFor(heads, arch.numKvHeads, n)) { above = n; break; }
      const message = kvOnly
        ? `The model's ${arch.numKvHeads} KV heads cannot be split or replicated evenly over tensor_parallel_size ${tp.value}; vLLM fails while building the attention layers.`
        : `Total number of attention heads (${heads}) must be divisible by tensor parallel size (${tp.value}); vLLM refuses to start (${arch.id}).`;
      ctx.report({
        message: `${message} Valid sizes near it: ${[below, above].filter((x) => x !== undefined).join(', ')}.`,
        range: tp.range,
        data: { deployment: index, below, above },
      });
    });
  },
  fixes(finding, a) {
    const dep = deploymentOf(a, finding.data);
    if (!dep) return [];
    const out: Fix[] = [];
    for (const [k, label] of [['below', 'fewer GPUs'], ['above', 'more GPUs']] as const) {
      const n = finding.data?.[k];
      if (typeof n !== 'number') continue;
      const e = setArgEdit(a, dep, 'tensor_parallel_size', n);
      if (e) out.push({ title: `Set tensor_parallel_size to ${n} (${label})`, edits: [e] });
    }
    return out;
  },
});
