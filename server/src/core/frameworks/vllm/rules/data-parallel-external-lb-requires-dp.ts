/** External load balancing spreads requests over data-parallel ranks; one rank has nothing to balance. */
import { deletePair } from '../../../editing/edits';
import type { Rule } from '../../../rules/rule';
import { argNodes, argSets, intArg, setOf } from './args';

export const dataParallelExternalLbRequiresDp: Rule = {
  id: 'vllm/data-parallel-external-lb-requires-dp',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  defaultSeverity: 'error',
  title: 'data_parallel_external_lb without data parallelism',
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
  fix(finding, a) {
    const set = setOf(a, finding.data);
    const n = set ? argNodes(a, set, 'data_parallel_external_lb') : undefined;
    if (!n?.key || !n.value) return [];
    return [{ title: 'Remove data_parallel_external_lb', edits: [deletePair(a.text, { start: n.key.range.start, end: n.value.end })], preferred: true }];
  },
};
