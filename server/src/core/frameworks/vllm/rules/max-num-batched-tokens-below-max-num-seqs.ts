/** Every running sequence needs at least one token of the step's budget. */
import { defineRule } from '../../../rules/rule';
import { fmt } from '../../../rules/capacity/engineArgs';
import { argRange, argSets, intArg, setNumberFix } from './args';

export const maxNumBatchedTokensBelowMaxNumSeqs = defineRule({
  id: 'vllm/max-num-batched-tokens-below-max-num-seqs',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'max_num_batched_tokens below max_num_seqs',
  fix: 'unsafe',
  sources: ['vLLM `vllm/config/scheduler.py` `SchedulerConfig.verify_max_model_len` (@01230b40)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      const tokens = intArg(set.args.max_num_batched_tokens);
      const seqs = intArg(set.args.max_num_seqs);
      if (tokens === undefined || seqs === undefined || tokens >= seqs) continue;
      // Without chunked prefill the budget must also cover max_model_len; fix both at once.
      const len = set.args.enable_chunked_prefill === false ? intArg(set.args.max_model_len) ?? 0 : 0;
      ctx.report({
        message: `max_num_batched_tokens (${fmt(tokens)}) must be greater than or equal to max_num_seqs (${fmt(seqs)}); vLLM refuses to start. Raise max_num_batched_tokens or lower max_num_seqs.`,
        range: argRange(a, set, 'max_num_batched_tokens'),
        related: [{ range: argRange(a, set, 'max_num_seqs'), message: 'max_num_seqs set here' }],
        data: { path: set.path, value: Math.max(seqs, len) },
      });
    }
  },
  fixes(finding, a) {
    return setNumberFix(a, finding.data, 'max_num_batched_tokens', (v) => `Set max_num_batched_tokens to ${fmt(v)}`);
  },
});
