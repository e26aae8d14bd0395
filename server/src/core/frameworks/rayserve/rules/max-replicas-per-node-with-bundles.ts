/** max_replicas_per_node and placement_group_bundles together. */
import { defineRule } from '../../../rules/rule';
import { deploymentBlocks, keyRangeAt } from './serve-blocks';

export const maxReplicasPerNodeWithBundles = defineRule({
  id: 'rayserve/max-replicas-per-node-with-bundles',
  appliesTo: { schemas: ['rayserve', 'rayserve-llm'] },
  severity: 'error',
  title: 'max_replicas_per_node set together with placement_group_bundles',
  fix: 'none',
  sources: ['Ray `python/ray/serve/schema.py` `DeploymentSchema.validate_max_replicas_per_node_and_placement_group_bundles`; `python/ray/serve/_private/config.py` `ReplicaConfig._validate` (eicherseiji/ray)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const d of deploymentBlocks(a)) {
      const v = d.value;
      if (v.max_replicas_per_node === undefined || v.max_replicas_per_node === null) continue;
      if (v.placement_group_bundles === undefined || v.placement_group_bundles === null) continue;
      ctx.report({
        message: `Setting max_replicas_per_node is not allowed when placement_group_bundles is provided. Serve rejects ${d.label}; keep one of them (a placement-group strategy such as STRICT_SPREAD controls placement instead).`,
        range: keyRangeAt(a, [...d.path, 'max_replicas_per_node']),
        related: [{ range: keyRangeAt(a, [...d.path, 'placement_group_bundles']), message: 'placement_group_bundles' }],
      });
    }
  },
});
