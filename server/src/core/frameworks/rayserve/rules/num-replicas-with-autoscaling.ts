/** An integer num_replicas next to an autoscaling_config: Serve refuses the deployment. */
import { defineRule } from '../../../rules/rule';
import { replaceScalar } from '../../../editing/edits';
import { deletePairAt, deploymentBlocks, isObj, isPath, keyRangeAt, rangeAt, scalarAt } from './serve-blocks';

export const numReplicasWithAutoscaling = defineRule({
  id: 'rayserve/num-replicas-with-autoscaling',
  appliesTo: { schemas: ['rayserve', 'rayserve-llm'] },
  severity: 'error',
  title: 'num_replicas set together with autoscaling_config',
  fix: 'unsafe',
  sources: ['Ray `python/ray/serve/schema.py` `DeploymentSchema.validate_num_replicas_and_autoscaling_config` (eicherseiji/ray @170a22d0)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const d of deploymentBlocks(a)) {
      const n = d.value.num_replicas;
      // "auto" (or null) may be paired with an autoscaling_config; only a number is refused.
      if (typeof n !== 'number' || !isObj(d.value.autoscaling_config)) continue;
      const path = [...d.path, 'num_replicas'];
      ctx.report({
        message: `Manually setting num_replicas is not allowed when autoscaling_config is provided. ${d.label} sets num_replicas: ${n}; remove it (autoscaling then starts at initial_replicas or min_replicas) or set it to "auto".`,
        range: rangeAt(a, path),
        related: [{ range: keyRangeAt(a, [...d.path, 'autoscaling_config']), message: 'autoscaling_config of the same deployment' }],
        data: { path },
      });
    }
  },
  fixes(finding, a) {
    const path = finding.data?.path;
    if (!isPath(path)) return [];
    const out = [];
    const del = deletePairAt(a, path);
    if (del) out.push({ title: 'Remove num_replicas (autoscaling decides)', edits: [del] });
    const node = scalarAt(a, path);
    if (node) out.push({ title: 'Set num_replicas to "auto"', edits: [replaceScalar(a.text, node, 'auto')] });
    return out;
  },
});
