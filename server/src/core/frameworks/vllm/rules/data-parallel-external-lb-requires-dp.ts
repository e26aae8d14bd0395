/** External load balancing spreads requests over data-parallel ranks; one rank has nothing to balance. */
import { defineRule } from '../../../rules/rule';
import { argNodes, argSets, intArg, removeArgFix } from './args';

export const dataParallelExternalLbRequiresDp = defineRule({
  id: 'vllm/data-parallel-external-lb-requires-dp',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'data_parallel_external_lb without data parallelism',
  fix: 'unsafe',
  sources: ['vLLM `vllm/config/parallel.py` `_validate_parallel_config` (@00193b82)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      if (set.args.data_parallel_external_lb !== true) continue;
      const dp = intArg(set.args.data_parallel_size) ?? 1;
      if (dp > 1) continue;
      const key = argNodes(a, set, 'data_parallel_external_lb').key;
      if (!key) continue;
      ctx.report({
        message: `data_parallel_external_lb can only be set when data_parallel_size > 1 (here ${dp}); vLLM refuses to start.`,
        range: key.range,
        data: { path: set.path },
      });
    }
  },
  fixes(finding, a) {
    return removeArgFix(a, finding.data, 'data_parallel_external_lb');
  },
});
