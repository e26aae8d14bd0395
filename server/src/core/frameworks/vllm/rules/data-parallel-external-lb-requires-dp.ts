/** External load balancing spreads requests over data-parallel ranks; one rank has nothing to balance. */
import { requiresArg } from './requiresArg';
import { intArg } from './args';

export const dataParallelExternalLbRequiresDp = requiresArg({
  id: 'vllm/data-parallel-external-lb-requires-dp',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  title: 'data_parallel_external_lb without data parallelism',
  sources: ['vLLM `vllm/config/parallel.py` `_validate_parallel_config` (@00193b82)'],
  when: 'data_parallel_external_lb',
  requires: (args) => dpSize(args) > 1,
  message: (args) => `data_parallel_external_lb can only be set when data_parallel_size > 1 (here ${dpSize(args)}); vLLM refuses to start.`,
  fixValue: 'remove',
});

const dpSize = (args: Record<string, unknown>) => intArg(args.data_parallel_size) ?? 1;
