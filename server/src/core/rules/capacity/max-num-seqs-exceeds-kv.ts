/**
 * max_num_seqs promises more concurrent requests than the KV cache can hold at the
 * workload's lengths: the extra ones wait or get preempted, so the setting is a lie.
 */
import { defineRule } from '../rule';
import { deploymentOf, fmt, isExplicit, rangeFor, setArgEdit, sized } from './engineArgs';

export const maxNumSeqsExceedsKv = defineRule({
  id: 'capacity/max-num-seqs-exceeds-kv',
  appliesTo: {},
  severity: 'warning',
  title: 'max_num_seqs is higher than the KV cache can hold at the workload lengths',
  fix: 'unsafe',
  sources: ['ServeScope capacity model (issue 5 §2)'],
  check(ctx) {
    const a = ctx.analysis;
    const w = a.settings.workload;
    for (const s of sized(a)) {
      if (!s.mem.fits || !isExplicit(s.dep, 'max_num_seqs')) continue;
      const seqLen = Math.min(s.mem.maxModelLen, Math.max(1, w.inputLen + w.outputLen));
      const holds = Math.floor(s.mem.kvCacheTokens / seqLen);
      if (holds < 1 || s.mem.maxNumSeqs <= holds) continue;
      ctx.report({
        message:
          `KV cache holds ${fmt(s.mem.kvCacheTokens)} tokens = ${fmt(holds)} sequences of ${fmt(seqLen)} tokens ` +
          `(workload ${fmt(w.inputLen)} in + ${fmt(w.outputLen)} out, servescope.workload); max_num_seqs is ${fmt(s.mem.maxNumSeqs)}, ` +
          `so at most ${fmt(holds)} run at once and the rest wait or get preempted.`,
        range: rangeFor(s.dep, 'max_num_seqs'),
        data: { deployment: s.index, maxNumSeqs: holds },
      });
    }
  },
  fixes(finding, a) {
    const dep = deploymentOf(a, finding.data);
    const n = finding.data?.maxNumSeqs;
    if (!dep || typeof n !== 'number') return [];
    const e = setArgEdit(a, dep, 'max_num_seqs', n);
    return e ? [{ title: `Set max_num_seqs to ${fmt(n)} (what the KV cache holds)`, edits: [e] }] : [];
  },
});
