/**
 * The KV cache cannot hold one request of max_model_len tokens: vLLM's start-up
 * check (`check_enough_kv_cache_memory`) stops the server after the weights loaded.
 */
import { defineRule, type Fix } from '../rule';
import { computeCapability, deploymentOf, fmt, gpuFor, isExplicit, rangeFor, setArgEdit, sized, starts, tidyLen, whatIf } from './engineArgs';

export const kvCacheTooSmall = defineRule({
  id: 'capacity/kv-cache-too-small',
  appliesTo: {},
  severity: 'error',
  title: 'The KV cache cannot hold one max_model_len request; vLLM refuses to start',
  fix: 'unsafe',
  sources: ['vLLM `vllm/v1/core/kv_cache_utils.py` `check_enough_kv_cache_memory`; numbers from ServeScope\'s capacity model (`server/src/core/capacity`)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const s of sized(a)) {
      const p = s.mem.problems.find((x) => x.code === 'max-len-exceeds-kv');
      if (!p) continue;
      // Largest tidy length the engine confirms would start.
      let len: number | undefined;
      let cand = tidyLen(Math.min(p.maxModelLenThatFits ?? s.mem.kvCacheTokens, s.mem.maxModelLen - 1));
      for (let i = 0; i < 8 && cand >= 16; i++) {
        if (starts(whatIf(s, { maxModelLen: cand }))) {
          len = cand;
          break;
        }
        cand = tidyLen(cand * 0.9);
      }
      const gpu = gpuFor(a, s.dep);
      const fp8Kv = /fp8/i.test(s.input.kvCacheDtype ?? '');
      // Native fp8 KV cache needs Ada/Hopper or newer; elsewhere we don't suggest it.
      const fp8 = !fp8Kv && gpu !== undefined && (computeCapability(gpu) ?? 0) >= 8.9 && starts(whatIf(s, { kvCacheDtype: 'fp8' }));
      const explicit = isExplicit(s.dep, 'max_model_len');
      const gpuName = s.est.gpu?.id ?? 'the GPU';
      ctx.report({
        message:
          `KV cache holds ${fmt(s.mem.kvCacheTokens)} tokens; max_model_len is ${fmt(s.mem.maxModelLen)}${explicit ? '' : " (the model's default)"}. ` +
          `vLLM stops at start-up: one full-length request needs more KV cache than the ${s.mem.kvCacheGib.toFixed(1)} GiB left on each ${gpuName} ` +
          `after the weights (${s.mem.weightsGib.toFixed(1)} GiB). ` +
          `Lower max_model_len${len ? ` to ${fmt(len)} or less` : ''}, raise gpu_memory_utilization${fp8 ? ', or use kv_cache_dtype: fp8' : ''}.`,
        range: rangeFor(s.dep, 'max_model_len'),
        data: { deployment: s.index, maxModelLen: len, fp8 },
      });
    }
  },
  fixes(finding, a) {
    const dep = deploymentOf(a, finding.data);
    if (!dep) return [];
    const out: Fix[] = [];
    const len = finding.data?.maxModelLen;
    if (typeof len === 'number') {
      const e = setArgEdit(a, dep, 'max_model_len', len);
      if (e) out.push({ title: `Set max_model_len to ${fmt(len)} (fits 1 sequence)`, edits: [e] });
    }
    if (finding.data?.fp8 === true) {
      const e = setArgEdit(a, dep, 'kv_cache_dtype', 'fp8');
      if (e) out.push({ title: 'Set kv_cache_dtype: fp8 (halves KV memory per token)', edits: [e] });
    }
    return out;
  },
});
