/** Load balancing experts needs more than one rank to move them between. */
import { requiresArg } from './requiresArg';
import { intArg } from './args';

export const eplbRequiresParallelism = requiresArg({
  id: 'vllm/eplb-requires-parallelism',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  title: 'enable_eplb on a single rank',
  sources: ['vLLM `vllm/config/parallel.py` `_validate_parallel_config` (@00193b82)'],
  when: 'enable_eplb',
  requires: (args) => ranks(args).reduce((x, y) => x * y) > 1,
  message: (args) => {
    const [tp, pcp, dp] = ranks(args);
    return `EPLB requires tensor, prefill-context, or data parallelism, but got TP=${tp}, PCP=${pcp}, DP=${dp}; vLLM refuses to start.`;
  },
});

/** Tensor, prefill-context and data-parallel sizes as vLLM reads them (1 when unset). */
function ranks(args: Record<string, unknown>): [number, number, number] {
  return [intArg(args.tensor_parallel_size) ?? 1, intArg(args.prefill_context_parallel_size) ?? 1, intArg(args.data_parallel_size) ?? 1];
}
