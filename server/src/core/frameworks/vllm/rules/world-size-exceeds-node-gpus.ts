/**
 * Without Ray or several nodes, one vLLM server runs all tensor × pipeline ranks
 * on the local machine, so it needs that many GPUs there.
 */
import { defineRule } from '../../../rules/rule';
import { rangeFor } from '../../../rules/capacity/engineArgs';
import { argSets } from './args';

export const worldSizeExceedsNodeGpus = defineRule({
  id: 'vllm/world-size-exceeds-node-gpus',
  appliesTo: { formats: ['vllm'] },
  severity: 'error',
  title: 'tensor × pipeline parallel size larger than the GPUs declared for the node',
  fix: 'none',
  sources: ['vLLM `vllm/config/parallel.py` `ParallelConfig.__post_init__` (@00193b82)'],
  check(ctx) {
    const a = ctx.analysis;
    const args = argSets(a)[0]?.args;
    if (!args) return;
    if (args.distributed_executor_backend === 'ray' || (typeof args.nnodes === 'number' && args.nnodes > 1)) return;
    (a.plan?.deployments ?? []).forEach((dep, index) => {
      const gpus = a.estimates[index]?.clusterGpus;
      if (typeof gpus !== 'number' || gpus < 1) return;
      const tp = typeof dep.parallelism.tensor?.value === 'number' ? dep.parallelism.tensor.value : 1;
      const pp = typeof dep.parallelism.pipeline?.value === 'number' ? dep.parallelism.pipeline.value : 1;
      const world = tp * pp;
      if (world <= gpus) return;
      ctx.report({
        message:
          `World size (${world} = tensor ${tp} × pipeline ${pp}) is larger than the number of available GPUs (${gpus}) declared for this node; vLLM refuses to start. ` +
          "Lower the parallel sizes, or for several nodes set distributed_executor_backend: ray or nnodes.",
        range: dep.parallelism.tensor?.range ? rangeFor(dep, 'tensor_parallel_size') : rangeFor(dep, 'pipeline_parallel_size'),
      });
    });
  },
});
