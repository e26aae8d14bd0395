/** engine_kwargs.distributed_executor_backend other than "ray" on a GPU Serve LLM deployment. */
import { defineRule } from '../../../rules/rule';
import { deletePairAt, isFiniteNum, isObj, isPath, llmConfigs, rangeAt } from './serve-blocks';

export const llmExecutorBackendNotRay = defineRule({
  id: 'rayserve/llm-executor-backend-not-ray',
  appliesTo: { schemas: ['rayserve', 'rayserve-llm'] },
  severity: 'error',
  title: 'distributed_executor_backend other than ray in Serve LLM',
  fix: 'unsafe',
  sources: ['Ray `python/ray/llm/_internal/serve/engines/vllm/vllm_models.py` `VLLMEngineConfig.get_initialization_kwargs` (@0206cc45 and later; the CPU exception appears in recent versions)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const c of llmConfigs(a)) {
      const ek = c.value.engine_kwargs;
      if (!isObj(ek) || typeof ek.distributed_executor_backend !== 'string' || ek.distributed_executor_backend === 'ray') continue;
      // Recent Ray Serve LLM runs CPU-only replicas (bundles without GPU/TPU) with "mp" itself.
      const pg = c.value.placement_group_config;
      const bundles = isObj(pg) && Array.isArray(pg.bundles) ? pg.bundles : undefined;
      const accel = (b: unknown) => isObj(b) && ((isFiniteNum(b.GPU) && b.GPU > 0) || (isFiniteNum(b.TPU) && b.TPU > 0));
      if (bundles && bundles.length > 0 && !bundles.some(accel)) continue;
      const path = [...c.path, 'engine_kwargs', 'distributed_executor_backend'];
      ctx.report({
        message: `distributed_executor_backend != 'ray' is not allowed in engine_kwargs when using Ray Serve LLM Configs. ${c.label} sets "${ek.distributed_executor_backend}"; Ray Serve LLM runs GPU engines on Ray itself, so remove the key.`,
        range: rangeAt(a, path),
        data: { path },
      });
    }
  },
  fixes(finding, a) {
    const path = finding.data?.path;
    if (!isPath(path)) return [];
    const del = deletePairAt(a, path);
    return del ? [{ title: 'Remove distributed_executor_backend (Ray Serve LLM sets it)', edits: [del] }] : [];
  },
});
