/** Nsight profiling of workers is implemented through Ray's runtime environment. */
import { requiresArg } from './requiresArg';

export const nsightRequiresRay = requiresArg({
  id: 'vllm/nsight-requires-ray',
  appliesTo: { formats: ['vllm'] },
  title: 'ray_workers_use_nsight without the Ray executor',
  sources: ['vLLM `vllm/config/parallel.py` `ParallelConfig._verify_args` (@00193b82)'],
  when: 'ray_workers_use_nsight',
  // Unset, vLLM picks the backend itself; only an explicit non-Ray choice is certain to fail.
  requires: (args) => typeof args.distributed_executor_backend !== 'string' || args.distributed_executor_backend === 'ray',
  message: (args) => `Unable to use nsight profiling unless workers run with Ray (distributed_executor_backend is ${String(args.distributed_executor_backend)}); vLLM refuses to start.`,
  fixValue: { arg: 'distributed_executor_backend', value: 'ray' },
});
