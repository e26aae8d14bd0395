/**
 * A Serve LLM replica given a fraction of a GPU (placement bundle GPU < 1) whose model
 * needs more memory than that fraction: Ray may pack other replicas onto the same GPU,
 * and the model alone doesn't fit in its share.
 */
import { defineRule } from '../../../rules/rule';
import { fmt, isFiniteNum, isObj, llmConfigs, loc, rangeAt } from './serve-blocks';

const gib = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 1 });

export const fractionalGpuCannotHoldModel = defineRule({
  id: 'rayserve/fractional-gpu-cannot-hold-model',
  appliesTo: { schemas: ['rayserve', 'rayserve-llm'] },
  severity: 'warning',
  title: 'Fractional GPU smaller than the model',
  fix: 'none',
  sources: ['ServeScope capacity model (server/src/core/capacity); Ray fractional GPU scheduling (resources are logical; Ray does not limit GPU memory)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const c of llmConfigs(a)) {
      const pg = c.value.placement_group_config;
      if (!isObj(pg) || !Array.isArray(pg.bundles)) continue;
      const i = pg.bundles.findIndex((b) => isObj(b) && isFiniteNum(b.GPU) && b.GPU > 0 && b.GPU < 1);
      if (i < 0) continue;
      const share = (pg.bundles[i] as Record<string, number>).GPU;
      const node = loc(a, c.path).node;
      const pe = a.estimates.find((e) => node && e.deployment.range.start === node.range.start);
      const mem = pe?.estimate?.memory;
      // Only a single-GPU engine maps onto one fractional bundle; TP/PP spread the weights.
      if (!mem || (pe?.estimate?.tensorParallel ?? 1) * (pe?.estimate?.pipelineParallel ?? 1) !== 1) continue;
      const needs = mem.weightsGib + mem.activationGib + mem.nonTorchGib;
      const has = share * mem.totalGib;
      if (needs <= has) continue;
      const gpu = pe?.estimate?.gpu?.name ?? 'the GPU';
      ctx.report({
        message: `GPU share ${fmt(share)} × ${gib(mem.totalGib)} GiB (${gpu}) = ${gib(has)} GiB, but the model needs ${gib(needs)} GiB before any KV cache (weights ${gib(mem.weightsGib)} GiB). Replicas packed onto the same GPU will run out of memory; give each replica a whole GPU (GPU: 1) or serve a smaller/quantized model.`,
        range: rangeAt(a, [...c.path, 'placement_group_config', 'bundles', String(i), 'GPU']),
        data: { share, needsGib: needs, hasGib: has },
      });
    }
  },
});
