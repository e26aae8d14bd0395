/**
 * Without chunked prefill a prompt must fit in one batch, so vLLM's scheduler
 * config refuses max_num_batched_tokens below max_model_len.
 */
import { defineRule, type Fix } from '../../../rules/rule';
import { fmt } from '../../../rules/capacity/engineArgs';
import { argNodes, argRange, argSets, intArg, setArg, setOf } from './args';

/**
 * `enable_chunked_prefill: false` spelled with underscores never reaches vLLM from a
 * config file (see vllm/false-flag-ignored), so chunked prefill stays on.
 */
function falseDropped(a: Parameters<typeof argNodes>[0], set: Parameters<typeof argNodes>[1]): boolean {
  if (a.detection.format !== 'vllm') return false;
  const raw = String(argNodes(a, set, 'enable_chunked_prefill').key?.value ?? '');
  return raw.includes('_') && !/^no[-_]/.test(raw);
}

export const maxNumBatchedTokensBelowMaxModelLen = defineRule({
  id: 'vllm/max-num-batched-tokens-below-max-model-len',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'max_num_batched_tokens below max_model_len with chunked prefill off',
  fix: 'unsafe',
  sources: ['vLLM `vllm/config/scheduler.py` `SchedulerConfig.verify_max_model_len` (@01230b40)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      if (set.args.enable_chunked_prefill !== false || falseDropped(a, set)) continue;
      const tokens = intArg(set.args.max_num_batched_tokens);
      const len = intArg(set.args.max_model_len);
      if (tokens === undefined || len === undefined || len <= 0 || tokens >= len) continue;
      ctx.report({
        message:
          `max_num_batched_tokens (${fmt(tokens)}) is smaller than max_model_len (${fmt(len)}) and chunked prefill is off: ` +
          'vLLM refuses to start because longer prompts could never be scheduled. Raise max_num_batched_tokens, lower max_model_len, or enable chunked prefill.',
        range: argRange(a, set, 'max_num_batched_tokens'),
        related: [{ range: argRange(a, set, 'max_model_len'), message: 'max_model_len set here' }],
        data: { path: set.path, maxModelLen: len },
      });
    }
  },
  fixes(finding, a) {
    const set = setOf(a, finding.data);
    const len = finding.data?.maxModelLen;
    if (!set || typeof len !== 'number') return [];
    const out: Fix[] = [];
    const e = setArg(a, set, 'max_num_batched_tokens', len);
    if (e) out.push({ title: `Set max_num_batched_tokens to ${fmt(len)} (= max_model_len)`, edits: [e] });
    const chunk = argNodes(a, set, 'enable_chunked_prefill');
    // `no-enable-chunked-prefill: true` reads as false too; flipping that value would double-negate.
    if (chunk.node && chunk.node.value === false) out.push({ title: 'Enable chunked prefill', edits: [{ range: chunk.node.range, newText: 'true' }] });
    return out;
  },
});
