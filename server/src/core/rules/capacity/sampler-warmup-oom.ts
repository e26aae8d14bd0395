/**
 * The V1 engine warms its sampler up after the KV cache is allocated and the CUDA
 * graphs captured: logits for max_num_seqs sequences × the vocabulary, sorted for
 * top-k/top-p. That memory comes from what gpu_memory_utilization leaves outside
 * the budget plus the freed profile peak; when it does not fit, vLLM stops with
 * "CUDA out of memory occurred when warming up sampler".
 */
import { defineRule, type Fix } from '../rule';
import { deploymentOf, fmt, isExplicit, rangeFor, setArgEdit, sized, starts, whatIf, type Sized } from './engineArgs';

/** A tidy max_num_seqs at or below `n`: a multiple of 8 from 16 up, as vLLM's graph sizes step. */
function tidySeqs(n: number): number {
  return n >= 16 ? Math.floor(n / 8) * 8 : Math.max(1, Math.floor(n));
}

/** Largest tidy max_num_seqs at or below `n` with which the capacity model says the server starts. */
function seqsThatStart(s: Sized, n: number): number | undefined {
  let cand = tidySeqs(n);
  for (let i = 0; i < 8 && cand >= 1; i++) {
    if (starts(whatIf(s, { maxNumSeqs: cand }))) return cand;
    cand = tidySeqs(cand * 0.8);
  }
  return undefined;
}

/** Highest gpu_memory_utilization (two decimals, at most 0.2 below the current one) with which it starts. */
function utilThatStarts(s: Sized, util: number): number | undefined {
  for (let k = 1; k <= 20; k++) {
    const u = Math.round((util - 0.01 * k) * 100) / 100;
    if (u <= 0) break;
    if (starts(whatIf(s, { gpuMemoryUtilization: u }))) return u;
  }
  return undefined;
}

export const samplerWarmupOom = defineRule({
  id: 'capacity/sampler-warmup-oom',
  appliesTo: {},
  severity: 'error',
  title: 'The sampler warm-up after the KV cache is allocated runs out of memory; vLLM refuses to start',
  fix: 'unsafe',
  sources: ['vLLM `vllm/v1/worker/gpu_worker.py` `Worker.compile_or_warm_up_model` (sampler warm-up after `capture_model`, on the last pipeline stage; stored @0012cf69) and `vllm/v1/worker/gpu_model_runner.py` `GPUModelRunner._dummy_sampler_run` (temperature 0.5, top-k = vocab − 1, top-p 0.9, no logprobs; the error text; `profile_run` calls the same function; stored @4e179065); added by vllm PR #14508 (v0.8.0). From v0.21.0 vLLM profiles CUDA-graph memory inside the budget by default (vllm PR #30515), so a file that names such a release does not have the graphs taken from the headroom. Numbers from ServeScope\'s capacity model (`server/src/core/capacity/memory.ts`, `samplerWarmupMargin`); see `docs/capacity-model.md`'],
  check(ctx) {
    const a = ctx.analysis;
    for (const s of sized(a)) {
      const p = s.mem.problems.find((x) => x.code === 'sampler-warmup-oom');
      if (!p) continue;
      const seqs = p.maxNumSeqsThatFits ? seqsThatStart(s, p.maxNumSeqsThatFits) : undefined;
      const util = s.input.gpuMemoryUtilization ?? 0.9;
      const lowerUtil = utilThatStarts(s, util);
      const explicit = isExplicit(s.dep, 'max_num_seqs');
      const advice = [
        seqs ? `max_num_seqs ${fmt(seqs)} would start` : undefined,
        lowerUtil ? `gpu_memory_utilization ${lowerUtil} would too (with a smaller KV cache)` : undefined,
      ].filter((x): x is string => x !== undefined);
      ctx.report({
        message:
          `${p.message.replace(/ Lower max_num_seqs or gpu_memory_utilization;.*$/, '')} ` +
          `max_num_seqs is ${fmt(s.mem.maxNumSeqs)}${explicit ? '' : " (vLLM's default)"}: lower max_num_seqs or gpu_memory_utilization` +
          (advice.length ? `; ${advice.join(', and ')}.` : '.'),
        range: rangeFor(s.dep, 'max_num_seqs'),
        data: { deployment: s.index, maxNumSeqs: seqs, gpuMemoryUtilization: lowerUtil },
      });
    }
  },
  fixes(finding, a) {
    const dep = deploymentOf(a, finding.data);
    if (!dep) return [];
    const out: Fix[] = [];
    const n = finding.data?.maxNumSeqs;
    if (typeof n === 'number') {
      const e = setArgEdit(a, dep, 'max_num_seqs', n);
      if (e) out.push({ title: `Set max_num_seqs to ${fmt(n)} (the sampler warm-up fits)`, edits: [e] });
    }
    const u = finding.data?.gpuMemoryUtilization;
    if (typeof u === 'number') {
      const e = setArgEdit(a, dep, 'gpu_memory_utilization', u);
      if (e) out.push({ title: `Set gpu_memory_utilization to ${u} (more room outside the KV cache)`, edits: [e] });
    }
    return out;
  },
});
