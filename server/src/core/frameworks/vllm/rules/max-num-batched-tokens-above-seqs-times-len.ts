/** A step can never hold more tokens than every sequence at full length. */
import { defineRule } from '../../../rules/rule';
import { fmt } from '../../../rules/capacity/engineArgs';
import { argRange, argSets, intArg, setNumberFix } from './args';

export const maxNumBatchedTokensAboveSeqsTimesLen = defineRule({
  id: 'vllm/max-num-batched-tokens-above-seqs-times-len',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'warning',
  title: 'max_num_batched_tokens above max_num_seqs × max_model_len',
  fix: 'unsafe',
  sources: ['vLLM `vllm/config/scheduler.py` `SchedulerConfig.verify_max_model_len` (@01230b40)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      const tokens = intArg(set.args.max_num_batched_tokens);
      const seqs = intArg(set.args.max_num_seqs);
      const len = intArg(set.args.max_model_len);
      if (tokens === undefined || seqs === undefined || len === undefined || len <= 0) continue;
      const cap = seqs * len;
      if (tokens <= cap) continue;
      ctx.report({
        message: `max_num_batched_tokens (${fmt(tokens)}) exceeds max_num_seqs * max_model_len (${fmt(cap)}); vLLM warns this may lead to unexpected behavior, and the profiling run reserves activation memory for tokens that can never be scheduled.`,
        range: argRange(a, set, 'max_num_batched_tokens'),
        data: { path: set.path, value: cap },
      });
    }
  },
  fixes(finding, a) {
    return setNumberFix(a, finding.data, 'max_num_batched_tokens', (v) => `Set max_num_batched_tokens to ${fmt(v)}`);
  },
});
