/**
 * max_model_len fits the KV cache once but not twice: the server starts, yet a
 * single long request can occupy the whole cache and everything else queues.
 */
import { defineRule, type Fix } from '../rule';
import { deploymentOf, fmt, isExplicit, rangeFor, setArgEdit, sized, tidyLen, whatIf } from './engineArgs';

const VARIANTS = [2, 4, 8];

export const maxModelLenFarAboveKv = defineRule({
  id: 'capacity/max-model-len-far-above-kv',
  appliesTo: {},
  severity: 'warning',
  title: 'max_model_len leaves room for fewer than two full-length requests in the KV cache',
  fix: 'unsafe',
  sources: ['ServeScope capacity model (issue 5 §2)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const s of sized(a)) {
      if (!s.mem.fits || s.mem.maxConcurrency >= 2) continue;
      const options: { sequences: number; value: number }[] = [];
      for (const n of VARIANTS) {
        const v = tidyLen(s.mem.kvCacheTokens / n);
        if (v < 1024 || v >= s.mem.maxModelLen) continue;
        const e = whatIf(s, { maxModelLen: v });
        if (e?.memory && e.memory.fits && e.memory.maxConcurrency >= n) options.push({ sequences: n, value: v });
      }
      const explicit = isExplicit(s.dep, 'max_model_len');
      ctx.report({
        message:
          `KV cache holds ${fmt(s.mem.kvCacheTokens)} tokens; max_model_len is ${fmt(s.mem.maxModelLen)}${explicit ? '' : " (the model's default)"}: ` +
          `only ${s.mem.maxConcurrency.toFixed(1)} full-length requests fit at once, so one long request can stall the rest.` +
          (options.length ? ` max_model_len ${fmt(options[0].value)} would fit ${options[0].sequences}.` : ''),
        range: rangeFor(s.dep, 'max_model_len'),
        data: { deployment: s.index, options },
      });
    }
  },
  fixes(finding, a) {
    const dep = deploymentOf(a, finding.data);
    const options = finding.data?.options;
    if (!dep || !Array.isArray(options)) return [];
    const out: Fix[] = [];
    for (const o of options as { sequences: unknown; value: unknown }[]) {
      if (typeof o?.value !== 'number' || typeof o.sequences !== 'number') continue;
      const e = setArgEdit(a, dep, 'max_model_len', o.value);
      if (e) out.push({ title: `Set max_model_len to ${fmt(o.value)} (fits ${o.sequences} sequences)`, edits: [e] });
    }
    return out;
  },
});
