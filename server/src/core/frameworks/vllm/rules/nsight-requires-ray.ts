/** Nsight profiling of workers is implemented through Ray's runtime environment. */
import { defineRule } from '../../../rules/rule';
import { argNodes, argRange, argSets, setArg, setOf } from './args';

export const nsightRequiresRay = defineRule({
  id: 'vllm/nsight-requires-ray',
  appliesTo: { formats: ['vllm'] },
  severity: 'error',
  title: 'ray_workers_use_nsight without the Ray executor',
  fix: 'unsafe',
  sources: ['vLLM `vllm/config/parallel.py` `ParallelConfig._verify_args` (@00193b82)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      const backend = set.args.distributed_executor_backend;
      // Unset, vLLM picks the backend itself; only an explicit non-Ray choice is certain to fail.
      if (set.args.ray_workers_use_nsight !== true || typeof backend !== 'string' || backend === 'ray') continue;
      ctx.report({
        message: `Unable to use nsight profiling unless workers run with Ray (distributed_executor_backend is ${backend}); vLLM refuses to start.`,
        range: argNodes(a, set, 'ray_workers_use_nsight').key?.range ?? argRange(a, set, 'ray_workers_use_nsight'),
        data: { path: set.path },
      });
    }
  },
  fixes(finding, a) {
    const set = setOf(a, finding.data);
    const e = set ? setArg(a, set, 'distributed_executor_backend', 'ray') : undefined;
    return e ? [{ title: 'Set distributed_executor_backend: ray', edits: [e] }] : [];
  },
});
