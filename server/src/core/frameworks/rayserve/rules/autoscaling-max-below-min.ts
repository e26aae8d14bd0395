/** autoscaling_config.max_replicas below min_replicas. */
import { defineRule } from '../../../rules/rule';
import { deploymentBlocks, isFiniteNum, isObj, isPath, rangeAt, scalarAt } from './serve-blocks';

export const autoscalingMaxBelowMin = defineRule({
  id: 'rayserve/autoscaling-max-below-min',
  appliesTo: { schemas: ['rayserve', 'rayserve-llm'] },
  severity: 'error',
  title: 'max_replicas is below min_replicas',
  fix: 'unsafe',
  sources: ['Ray `python/ray/serve/config.py` `AutoscalingConfig.replicas_settings_valid` (ray-project/ray @00239d48)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const d of deploymentBlocks(a)) {
      const as = d.value.autoscaling_config;
      // Only written values: the defaults (1 and 1, or other ones for "auto" and Serve LLM) can't conflict.
      if (!isObj(as) || !isFiniteNum(as.min_replicas) || !isFiniteNum(as.max_replicas) || as.max_replicas >= as.min_replicas) continue;
      const base = [...d.path, 'autoscaling_config'];
      ctx.report({
        message: `max_replicas (${as.max_replicas}) must be greater than or equal to min_replicas (${as.min_replicas})! Serve rejects ${d.label}; swap the two values.`,
        range: rangeAt(a, [...base, 'max_replicas']),
        related: [{ range: rangeAt(a, [...base, 'min_replicas']), message: 'min_replicas' }],
        data: { minPath: [...base, 'min_replicas'], maxPath: [...base, 'max_replicas'] },
      });
    }
  },
  fixes(finding, a) {
    const { minPath, maxPath } = finding.data ?? {};
    if (!isPath(minPath) || !isPath(maxPath)) return [];
    const min = scalarAt(a, minPath);
    const max = scalarAt(a, maxPath);
    if (!min || !max) return [];
    // Swapping only helps when both are replica counts; otherwise the schema error comes first.
    const count = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
    if (!count(min.value) || !count(max.value)) return [];
    return [
      {
        title: `Swap min_replicas and max_replicas (min ${max.source}, max ${min.source})`,
        edits: [
          { range: min.range, newText: max.source },
          { range: max.range, newText: min.source },
        ],
      },
    ];
  },
});
