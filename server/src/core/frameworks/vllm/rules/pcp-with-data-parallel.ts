/** Prefill context parallelism and data parallelism cannot be combined yet. */
import { defineRule } from '../../../rules/rule';
import { argRange, argSets, intArg } from './args';

export const pcpWithDataParallel = defineRule({
  id: 'vllm/pcp-with-data-parallel',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'prefill_context_parallel_size together with data_parallel_size',
  fix: 'none',
  sources: ['vLLM `vllm/config/parallel.py` `_validate_parallel_config` (@00193b82)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      const pcp = intArg(set.args.prefill_context_parallel_size) ?? 1;
      const dp = intArg(set.args.data_parallel_size) ?? 1;
      if (pcp <= 1 || dp <= 1) continue;
      ctx.report({
        message: `PCP does not support data parallelism yet (prefill_context_parallel_size ${pcp}, data_parallel_size ${dp}); vLLM refuses to start.`,
        range: argRange(a, set, 'prefill_context_parallel_size'),
        related: [{ range: argRange(a, set, 'data_parallel_size'), message: 'data parallelism set here' }],
      });
    }
  },
});
