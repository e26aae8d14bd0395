/** The all-to-all scheme exchanges KV shards between decode-context ranks; with one rank there are none. */
import { requiresArg } from './requiresArg';
import { intArg } from './args';

export const dcpA2aRequiresDcp = requiresArg({
  id: 'vllm/dcp-a2a-requires-dcp',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  title: "dcp_comm_backend: a2a without decode context parallelism",
  sources: ['vLLM `vllm/config/parallel.py` `_validate_parallel_config` (@00193b82)'],
  when: 'dcp_comm_backend',
  isOn: (v) => v === 'a2a',
  requires: (args) => (intArg(args.decode_context_parallel_size) ?? 1) > 1,
  message: "dcp_comm_backend='a2a' requires decode_context_parallel_size > 1; vLLM refuses to start.",
  at: 'value',
  fixValue: 'remove',
});
