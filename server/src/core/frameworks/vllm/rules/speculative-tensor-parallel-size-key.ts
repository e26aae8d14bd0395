/** The draft model's TP has its own name inside speculative_config. */
import { defineRule } from '../../../rules/rule';
import { argSets } from './args';
import { jsonArg } from './json-arg';

export const speculativeTensorParallelSizeKey = defineRule({
  id: 'vllm/speculative-tensor-parallel-size-key',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'tensor_parallel_size inside speculative_config',
  fix: 'safe',
  sources: ['vLLM `vllm/config/speculative.py` `SpeculativeConfig._verify_args` (@002e77c1)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      const spec = jsonArg(a, set, 'speculative_config');
      if (!spec || !('tensor_parallel_size' in spec.obj)) continue;
      const key = spec.nodesOf('tensor_parallel_size').key;
      ctx.report({
        message: "'tensor_parallel_size' is not a valid argument in the speculative_config; vLLM refuses it. Use 'draft_tensor_parallel_size'.",
        range: key?.range ?? spec.rangeOf('tensor_parallel_size'),
        data: key ? { rename: true } : undefined,
      });
    }
  },
  fixes(finding) {
    if (finding.data?.rename !== true) return [];
    return [{ title: 'Rename to draft_tensor_parallel_size', edits: [{ range: finding.range, newText: 'draft_tensor_parallel_size' }] }];
  },
});
