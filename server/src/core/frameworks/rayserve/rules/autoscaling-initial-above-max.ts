/** autoscaling_config.initial_replicas above max_replicas. */
import { defineRule } from '../../../rules/rule';
import { replaceScalar } from '../../../editing/edits';
import { deploymentBlocks, isFiniteNum, isObj, isPath, rangeAt, scalarAt } from './serve-blocks';

export const autoscalingInitialAboveMax = defineRule({
  id: 'rayserve/autoscaling-initial-above-max',
  appliesTo: { schemas: ['rayserve', 'rayserve-llm'] },
  severity: 'error',
  title: 'initial_replicas is above max_replicas',
  fix: 'unsafe',
  sources: ['Ray `python/ray/serve/config.py` `AutoscalingConfig.replicas_settings_valid` (ray-project/ray @00239d48)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const d of deploymentBlocks(a)) {
      const as = d.value.autoscaling_config;
      if (!isObj(as) || !isFiniteNum(as.max_replicas) || !isFiniteNum(as.initial_replicas)) continue;
      if (isFiniteNum(as.min_replicas) && (as.max_replicas < as.min_replicas || as.initial_replicas < as.min_replicas)) continue;
      if (as.initial_replicas <= as.max_replicas) continue;
      const base = [...d.path, 'autoscaling_config'];
      ctx.report({
        message: `max_replicas (${as.max_replicas}) must be greater than or equal to initial_replicas (${as.initial_replicas})! Serve rejects ${d.label}; set initial_replicas to ${as.max_replicas} or raise max_replicas.`,
        range: rangeAt(a, [...base, 'initial_replicas']),
        related: [{ range: rangeAt(a, [...base, 'max_replicas']), message: 'max_replicas' }],
        data: { path: [...base, 'initial_replicas'], value: as.max_replicas },
      });
    }
  },
  fixes(finding, a) {
    const { path, value } = finding.data ?? {};
    if (!isPath(path) || typeof value !== 'number') return [];
    const node = scalarAt(a, path);
    return node ? [{ title: `Set initial_replicas to ${value} (max_replicas)`, edits: [replaceScalar(a.text, node, value)] }] : [];
  },
});
