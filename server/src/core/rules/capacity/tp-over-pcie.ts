/**
 * Tensor parallelism all-reduces twice per layer per step. Over PCIe that traffic
 * dominates small models; when the model fits on fewer GPUs, independent
 * data-parallel replicas on the same GPUs serve more.
 */
import { resolveModel } from '../../capacity';
import { defineRule } from '../rule';
import { deploymentOf, fmt, gpuFor, rangeFor, setArgEdit, sized, starts, tpValidFor, whatIf } from './engineArgs';

/** Replicas must win by this factor before we suggest restructuring the deployment. */
const MIN_GAIN = 1.2;

export const tpOverPcie = defineRule({
  id: 'capacity/tp-over-pcie',
  appliesTo: {},
  severity: 'warning',
  title: 'Tensor parallelism over PCIe where data-parallel replicas would serve more',
  fix: 'unsafe',
  sources: ['ServeScope capacity model (issue 5 §2); interconnect from the GPU catalog (`server/src/core/capacity/data/gpus.json`)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const s of sized(a)) {
      const tp = s.est.tensorParallel;
      // Bounded: each candidate TP costs one run of the capacity model.
      if (tp < 2 || tp > 64 || !s.mem.fits) continue;
      const gpu = gpuFor(a, s.dep);
      if (!gpu?.interconnect || gpu.interconnect.type.toLowerCase() !== 'pcie') continue;
      const now = s.est.throughput?.saturationTokS;
      if (!now || now <= 0) continue;
      const r = resolveModel(s.input.model as string);
      const arch = 'arch' in r ? r.arch : undefined;
      let best: { tp: number; replicas: number; tokS: number } | undefined;
      for (let n = 1; n < tp; n++) {
        if (tp % n !== 0 || (arch && !tpValidFor(arch.numHeads, arch.numKvHeads, n))) continue;
        const e = whatIf(s, { tensorParallel: n });
        if (!starts(e) || !e?.throughput) continue;
        const total = (tp / n) * e.throughput.saturationTokS;
        if (!best || total > best.tokS) best = { tp: n, replicas: tp / n, tokS: total };
      }
      if (!best || best.tokS < now * MIN_GAIN) continue;
      ctx.report({
        message:
          `tensor_parallel_size ${tp} over PCIe (${gpu.id} has no NVLink): about ${fmt(now)} output tok/s at saturation. ` +
          `The model fits with tensor_parallel_size ${best.tp}, and ${best.replicas} such replicas on the same ${tp} GPUs would serve about ${fmt(best.tokS)} tok/s (${(best.tokS / now).toFixed(1)}×).`,
        range: rangeFor(s.dep, 'tensor_parallel_size'),
        data: { deployment: s.index, tensorParallel: best.tp, replicas: best.replicas },
      });
    }
  },
  fixes(finding, a) {
    const dep = deploymentOf(a, finding.data);
    const tp = finding.data?.tensorParallel;
    const replicas = finding.data?.replicas;
    // Only a vLLM server can turn the GPUs into replicas itself (data_parallel_size);
    // in Ray Serve the replica count lives elsewhere and may autoscale.
    if (!dep || a.detection.format !== 'vllm' || typeof tp !== 'number' || typeof replicas !== 'number') return [];
    const dp = dep.parallelism.data?.value;
    if (typeof dp === 'number' && dp > 1) return [];
    const e1 = setArgEdit(a, dep, 'tensor_parallel_size', tp);
    const e2 = setArgEdit(a, dep, 'data_parallel_size', replicas);
    if (!e1 || !e2) return [];
    return [{ title: `Use tensor_parallel_size ${tp} × data_parallel_size ${replicas}`, edits: [e1, e2] }];
  },
});
