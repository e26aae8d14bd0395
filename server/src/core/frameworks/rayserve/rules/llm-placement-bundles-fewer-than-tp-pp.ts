/**
 * A Serve LLM placement_group_config whose bundles hold fewer GPUs than the engine's
 * tensor × pipeline parallel workers need (one GPU bundle per worker). Ray Serve LLM
 * takes the bundles as given, so the shortfall only shows when vLLM places its workers.
 */
import { defineRule } from '../../../rules/rule';
import { fmt, isFiniteNum, isObj, keyRangeAt, llmConfigs, rangeAt } from './serve-blocks';

export const llmPlacementBundlesFewerThanTpPp = defineRule({
  id: 'rayserve/llm-placement-bundles-fewer-than-tp-pp',
  appliesTo: { schemas: ['rayserve', 'rayserve-llm'] },
  severity: 'error',
  title: 'Placement bundles hold fewer GPUs than tensor × pipeline parallel',
  fix: 'none',
  sources: ['vLLM `vllm/executor/ray_utils.py` `initialize_ray_cluster` (placement-group checks, present from v0.4 to current); Ray `python/ray/llm/_internal/serve/engines/vllm/vllm_models.py` `PlacementGroupConfig` (@0206cc45). Catalogue row: own capacity rule'],
  check(ctx) {
    const a = ctx.analysis;
    for (const c of llmConfigs(a)) {
      const pg = c.value.placement_group_config;
      if (!isObj(pg) || !Array.isArray(pg.bundles) || pg.bundles.length === 0) continue;
      const ek = isObj(c.value.engine_kwargs) ? c.value.engine_kwargs : {};
      const tp = isFiniteNum(ek.tensor_parallel_size) ? ek.tensor_parallel_size : 1;
      const pp = isFiniteNum(ek.pipeline_parallel_size) ? ek.pipeline_parallel_size : 1;
      const need = tp * pp;
      // vLLM's Ray executor puts one worker in each bundle that has a GPU and refuses bundles with more than one.
      let gpus = 0;
      pg.bundles.forEach((b, i) => {
        if (!isObj(b) || !isFiniteNum(b.GPU) || b.GPU <= 0) return;
        gpus += 1;
        if (b.GPU > 1) {
          ctx.report({
            message: `Placement group bundle cannot have more than 1 GPU. vLLM places one worker per GPU bundle and stops at start-up; split this bundle into ${fmt(Math.ceil(b.GPU))} bundles of {GPU: 1}.`,
            range: rangeAt(a, [...c.path, 'placement_group_config', 'bundles', String(i), 'GPU']),
          });
        }
      });
      if (gpus >= need) continue;
      ctx.report({
        message: `placement_group_config has ${fmt(gpus)} GPU bundle${gpus === 1 ? '' : 's'} for ${c.label}, but tensor_parallel_size ${fmt(tp)} × pipeline_parallel_size ${fmt(pp)} = ${fmt(need)} vLLM workers each need their own GPU bundle. vLLM stops at start-up: "The number of required GPUs exceeds the total number of available GPUs in the placement group." Add {GPU: 1} bundles up to ${fmt(need)}.`,
        range: keyRangeAt(a, [...c.path, 'placement_group_config', 'bundles']),
        data: { need, gpus },
      });
    }
  },
});
