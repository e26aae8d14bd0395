/**
 * A Serve LLM deployment whose max_ongoing_requests is below the engine's
 * max_num_seqs: each replica holds one engine, so the engine never batches more than
 * max_ongoing_requests sequences and the rest of its batch capacity idles.
 */
import { defineRule } from '../../../rules/rule';
import { replaceScalar } from '../../../editing/edits';
import { fmt, isFiniteNum, isObj, isPath, llmConfigs, loc, rangeAt, scalarAt } from './serve-blocks';

/** vLLM's smallest default max_num_seqs (v1 raises it to 1,024 on large GPUs). */
const VLLM_DEFAULT_MAX_NUM_SEQS = 256;

export const maxOngoingBelowEngineBatch = defineRule({
  id: 'rayserve/max-ongoing-below-engine-batch',
  appliesTo: { schemas: ['rayserve', 'rayserve-llm'] },
  severity: 'warning',
  title: 'max_ongoing_requests below what the vLLM engine batches',
  fix: 'unsafe',
  sources: ['Ray Serve `max_ongoing_requests` semantics (`python/ray/serve/schema.py` `DeploymentSchema`); vLLM `SchedulerConfig.max_num_seqs` defaults (`vllm/engine/arg_utils.py`); ServeScope capacity model for the KV-cache bound'],
  check(ctx) {
    const a = ctx.analysis;
    for (const c of llmConfigs(a)) {
      if (c.value.llm_engine !== undefined && c.value.llm_engine !== 'vLLM' && c.value.llm_engine !== 'VLLM') continue;
      const dc = c.value.deployment_config;
      if (!isObj(dc) || !isFiniteNum(dc.max_ongoing_requests)) continue;
      // A P/D prefill server runs one-token requests handed over to decode; its batch is another matter.
      if (c.path[c.path.length - 1] === 'prefill_config') continue;
      const ek = isObj(c.value.engine_kwargs) ? c.value.engine_kwargs : {};
      // Data-parallel ranks split the replica's requests; leave those to a closer model.
      if (isFiniteNum(ek.data_parallel_size) && ek.data_parallel_size > 1) continue;
      const explicit = isFiniteNum(ek.max_num_seqs);
      const seqs = explicit ? (ek.max_num_seqs as number) : VLLM_DEFAULT_MAX_NUM_SEQS;
      const ongoing = dc.max_ongoing_requests;
      if (ongoing >= seqs) continue;
      // When the capacity model knows the GPU, the KV cache may cap the batch below
      // max_num_seqs at the workload's lengths; only the part above that idles.
      const node = loc(a, c.path).node;
      const est = a.estimates.find((e) => node && e.deployment.range.start === node.range.start)?.estimate;
      const mem = est?.memory;
      const w = a.settings.workload;
      const perSeq = w.inputLen + w.outputLen;
      const kvSeqs = mem && mem.kvCacheTokens > 0 && perSeq > 0 ? Math.floor(mem.kvCacheTokens / perSeq) : undefined;
      const batch = kvSeqs !== undefined ? Math.min(seqs, kvSeqs) : seqs;
      if (ongoing >= batch) continue;
      const kvText =
        kvSeqs !== undefined && kvSeqs < seqs
          ? ` The KV cache holds about ${fmt(kvSeqs)} sequences of ${fmt(perSeq)} tokens (${fmt(mem!.kvCacheTokens)} tokens on ${est?.gpu?.name ?? 'the GPU'}), so the engine can run ${fmt(batch)} at once.`
          : '';
      const path = [...c.path, 'deployment_config', 'max_ongoing_requests'];
      const seqText = explicit ? `max_num_seqs ${fmt(seqs)}` : `max_num_seqs not set; ${fmt(seqs)} is vLLM's smallest default`;
      ctx.report({
        message: `max_ongoing_requests ${fmt(ongoing)}; vLLM batches up to ${fmt(batch)} in ${c.label} (${seqText}).${kvText} Serve hands each replica at most ${fmt(ongoing)} requests, so the engine never fills its batch and throughput per GPU stays below what it could serve${mem ? '' : ' (if the KV cache holds that many sequences; set servescope.hardware.gpu to check)'}. Raise max_ongoing_requests to ${fmt(batch)}.`,
        range: rangeAt(a, path),
        related: explicit ? [{ range: rangeAt(a, [...c.path, 'engine_kwargs', 'max_num_seqs']), message: 'engine max_num_seqs' }] : undefined,
        // Without the GPU the KV cache may cap the batch below max_num_seqs: say so softly.
        severity: mem ? 'warning' : 'information',
        data: { path, value: batch },
      });
    }
  },
  fixes(finding, a) {
    const { path, value } = finding.data ?? {};
    if (!isPath(path) || typeof value !== 'number') return [];
    const node = scalarAt(a, path);
    return node ? [{ title: `Set max_ongoing_requests to ${fmt(value)} (the engine's batch)`, edits: [replaceScalar(a.text, node, value)] }] : [];
  },
});
