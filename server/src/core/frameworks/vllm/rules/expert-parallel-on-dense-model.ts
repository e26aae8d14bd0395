/** Expert parallelism distributes MoE experts; a dense model has none. */
import { deletePair } from '../../../editing/edits';
import { defineRule } from '../../../rules/rule';
import { deploymentOf } from '../../../rules/capacity/engineArgs';
import { archOf } from './model-facts';

export const expertParallelOnDenseModel = defineRule({
  id: 'vllm/expert-parallel-on-dense-model',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'enable_expert_parallel on a model without experts',
  fix: 'safe',
  sources: ['vLLM `vllm/config/model.py` `_verify_with_expert_parallelism` (@0052a5b8)'],
  check(ctx) {
    const a = ctx.analysis;
    (a.plan?.deployments ?? []).forEach((dep, index) => {
      const ep = dep.parallelism.expert;
      if (dep.engine !== 'vllm' || ep?.value !== true || !ep.keyRange) return;
      const arch = archOf(dep);
      if (!arch || arch.moe) return;
      ctx.report({
        message: `Number of experts in the model must be greater than 0 when expert parallelism is enabled: ${arch.id} is a dense model, so vLLM refuses to start.`,
        range: ep.keyRange,
        data: { deployment: index },
      });
    });
  },
  fixes(finding, a) {
    const ep = deploymentOf(a, finding.data)?.parallelism.expert;
    if (!ep?.keyRange || !ep.range) return [];
    return [{ title: 'Remove enable_expert_parallel', edits: [deletePair(a.text, { start: ep.keyRange.start, end: ep.range.end })] }];
  },
});
