/** A data-parallel rank names one of the data_parallel_size replicas, counted from 0. */
import { defineRule } from '../../../rules/rule';
import { argRange, argSets, intArg } from './args';

export const dataParallelRankOutOfRange = defineRule({
  id: 'vllm/data-parallel-rank-out-of-range',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'data_parallel_rank outside [0, data_parallel_size)',
  fix: 'none',
  sources: ['vLLM `vllm/config/parallel.py` `ParallelConfig.__post_init__` (@00193b82)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      const rank = intArg(set.args.data_parallel_rank);
      const size = intArg(set.args.data_parallel_size) ?? 1;
      if (rank === undefined || size <= 1 || (rank >= 0 && rank < size)) continue;
      ctx.report({
        message: `data_parallel_rank (${rank}) must be in the range [0, ${size}); vLLM refuses to start. Ranks count from 0.`,
        range: argRange(a, set, 'data_parallel_rank'),
      });
    }
  },
});
