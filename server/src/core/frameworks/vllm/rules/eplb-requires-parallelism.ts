/** Load balancing experts needs more than one rank to move them between. */
import { defineRule } from '../../../rules/rule';
import { argNodes, argRange, argSets, intArg } from './args';

export const eplbRequiresParallelism = defineRule({
  id: 'vllm/eplb-requires-parallelism',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'enable_eplb on a single rank',
  fix: 'none',
  sources: ['vLLM `vllm/config/parallel.py` `_validate_parallel_config` (@00193b82)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      if (set.args.enable_eplb !== true) continue;
      const tp = intArg(set.args.tensor_parallel_size) ?? 1;
      const pcp = intArg(set.args.prefill_context_parallel_size) ?? 1;
      const dp = intArg(set.args.data_parallel_size) ?? 1;
      if (tp * pcp * dp > 1) continue;
      ctx.report({
        message: `EPLB requires tensor, prefill-context, or data parallelism, but got TP=${tp}, PCP=${pcp}, DP=${dp}; vLLM refuses to start.`,
        range: argNodes(a, set, 'enable_eplb').key?.range ?? argRange(a, set, 'enable_eplb'),
      });
    }
  },
});
