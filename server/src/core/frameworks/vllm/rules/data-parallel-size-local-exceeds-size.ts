/** The replicas on this node are part of the data-parallel group, so they cannot outnumber it. */
import { defineRule } from '../../../rules/rule';
import { argRange, argSets, intArg, setNumberFix } from './args';

export const dataParallelSizeLocalExceedsSize = defineRule({
  id: 'vllm/data-parallel-size-local-exceeds-size',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'data_parallel_size_local larger than data_parallel_size',
  fix: 'unsafe',
  sources: ['vLLM `vllm/config/parallel.py` `_validate_parallel_config` (@00193b82)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      const local = intArg(set.args.data_parallel_size_local);
      const size = intArg(set.args.data_parallel_size) ?? 1;
      if (local === undefined || local <= size) continue;
      ctx.report({
        message: `data_parallel_size_local (${local}) must be <= data_parallel_size (${size}); vLLM refuses to start.`,
        range: argRange(a, set, 'data_parallel_size_local'),
        data: { path: set.path, value: size },
      });
    }
  },
  fixes(finding, a) {
    return setNumberFix(a, finding.data, 'data_parallel_size_local', (v) => `Set data_parallel_size_local to ${v} (= data_parallel_size)`);
  },
});
