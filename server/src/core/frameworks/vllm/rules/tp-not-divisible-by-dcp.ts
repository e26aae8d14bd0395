/** Decode context parallelism splits each tensor-parallel group, so it must divide it. */
import { defineRule } from '../../../rules/rule';
import { argRange, argSets, intArg } from './args';

export const tpNotDivisibleByDcp = defineRule({
  id: 'vllm/tp-not-divisible-by-dcp',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'tensor_parallel_size not divisible by decode_context_parallel_size',
  fix: 'none',
  sources: ['vLLM `vllm/config/parallel.py` `_validate_parallel_config` (@00193b82)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      const dcp = intArg(set.args.decode_context_parallel_size);
      const pcp = intArg(set.args.prefill_context_parallel_size) ?? 1;
      if (dcp === undefined || dcp <= 1 || pcp !== 1) continue;
      const tp = intArg(set.args.tensor_parallel_size) ?? 1;
      if (tp % dcp === 0) continue;
      ctx.report({
        message: `tp_size=${tp} must be divisible by dcp_size=${dcp}; vLLM refuses to start.`,
        range: argRange(a, set, 'decode_context_parallel_size'),
      });
    }
  },
});
