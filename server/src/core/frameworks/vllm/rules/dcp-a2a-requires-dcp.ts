/** The all-to-all scheme exchanges KV shards between decode-context ranks; with one rank there are none. */
import { defineRule } from '../../../rules/rule';
import { argNodes, argSets, intArg, removeArgFix } from './args';

export const dcpA2aRequiresDcp = defineRule({
  id: 'vllm/dcp-a2a-requires-dcp',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: "dcp_comm_backend: a2a without decode context parallelism",
  fix: 'unsafe',
  sources: ['vLLM `vllm/config/parallel.py` `_validate_parallel_config` (@00193b82)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      if (set.args.dcp_comm_backend !== 'a2a') continue;
      const dcp = intArg(set.args.decode_context_parallel_size) ?? 1;
      if (dcp > 1) continue;
      const n = argNodes(a, set, 'dcp_comm_backend');
      if (!n.value) continue;
      ctx.report({
        message: "dcp_comm_backend='a2a' requires decode_context_parallel_size > 1; vLLM refuses to start.",
        range: n.value,
        data: { path: set.path },
      });
    }
  },
  fixes(finding, a) {
    return removeArgFix(a, finding.data, 'dcp_comm_backend');
  },
});
