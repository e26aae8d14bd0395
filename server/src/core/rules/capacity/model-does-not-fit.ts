/**
 * The weights (plus the profiling peak) leave no memory for the KV cache on each
 * GPU: loading runs out of memory, or vLLM stops with "No available memory for
 * the cache blocks". The fix that always works is spreading the weights over more GPUs.
 */
import { resolveModel } from '../../capacity';
import { defineRule, type Fix } from '../rule';
import { deploymentOf, fmt, gib, rangeFor, setArgEdit, sized, starts, tpValidFor, whatIf } from './engineArgs';

export const modelDoesNotFit = defineRule({
  id: 'capacity/model-does-not-fit',
  appliesTo: {},
  severity: 'error',
  title: 'The model does not fit the GPUs: no memory left for the KV cache',
  fix: 'unsafe',
  sources: ['vLLM `vllm/v1/core/kv_cache_utils.py` `check_enough_kv_cache_memory` and the worker\'s memory profiling; numbers from ServeScope\'s capacity model'],
  check(ctx) {
    const a = ctx.analysis;
    for (const s of sized(a)) {
      const p = s.mem.problems.find((x) => x.code === 'weights-exceed-gpu' || x.code === 'no-kv-memory');
      if (!p) continue;
      const tp = s.est.tensorParallel;
      const pp = s.est.pipelineParallel;
      // Bounded: every candidate costs one run of the capacity model.
      const limit = Math.min(64, Math.max(tp, Math.floor((s.pe.clusterGpus ?? 8) / pp)));
      const r = resolveModel(s.input.model as string);
      const arch = 'arch' in r ? r.arch : undefined;
      // Smallest TP that starts; failing that, the smallest that at least leaves room for a KV cache.
      let best: number | undefined;
      let roomOnly: number | undefined;
      for (let n = tp + 1; n <= limit; n++) {
        if (arch && !tpValidFor(arch.numHeads, arch.numKvHeads, n)) continue;
        const e = whatIf(s, { tensorParallel: n });
        if (starts(e)) {
          best = n;
          break;
        }
        if (roomOnly === undefined && e?.memory && e.memory.kvCacheTokens > 0) roomOnly = n;
      }
      const gpuName = s.est.gpu?.id ?? 'the GPU';
      const util = s.input.gpuMemoryUtilization ?? 0.9;
      const what =
        p.code === 'weights-exceed-gpu'
          ? `Weights need ${gib(s.mem.weightsGib)} per GPU; each ${gpuName} has ${gib(s.mem.totalGib)}: loading runs out of memory.`
          : `Weights need ${gib(s.mem.weightsGib)} per GPU and the profiling run another ${gib(s.mem.activationGib + s.mem.nonTorchGib)}; ` +
            `the budget is ${util} × ${gib(s.mem.totalGib)} = ${gib(s.mem.budgetGib)} on each ${gpuName}, so vLLM stops with "No available memory for the cache blocks".`;
      const tpText = best ?? roomOnly;
      ctx.report({
        message: `${what}${tpText ? ` tensor_parallel_size ${tpText} would ${best ? 'fit' : 'leave room for a KV cache'}.` : ' Use more GPUs or a quantized checkpoint.'}`,
        range: rangeFor(s.dep, 'tensor_parallel_size'),
        data: { deployment: s.index, tensorParallel: tpText, fits: best !== undefined },
      });
    }
  },
  fixes(finding, a) {
    const dep = deploymentOf(a, finding.data);
    const n = finding.data?.tensorParallel;
    if (!dep || typeof n !== 'number') return [];
    const e = setArgEdit(a, dep, 'tensor_parallel_size', n);
    const out: Fix[] = [];
    if (e) out.push({ title: `Set tensor_parallel_size to ${fmt(n)} (${finding.data?.fits ? 'fits' : 'weights fit; KV cache still small'})`, edits: [e] });
    return out;
  },
});
