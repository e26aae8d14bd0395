/** A placement-group option without placement_group_bundles to apply it to. */
import { defineRule } from '../../../rules/rule';
import { deletePairAt, deploymentBlocks, isPath, keyRangeAt } from './serve-blocks';

const OPTIONS = ['placement_group_strategy', 'placement_group_bundle_label_selector', 'placement_group_fallback_strategy'];

export const placementGroupOptionNeedsBundles = defineRule({
  id: 'rayserve/placement-group-option-needs-bundles',
  appliesTo: { schemas: ['rayserve'] },
  severity: 'error',
  title: 'Placement-group option without placement_group_bundles',
  fix: 'unsafe',
  sources: ['Ray `python/ray/serve/_private/config.py` `ReplicaConfig._validate_placement_group_options` (eicherseiji/ray @3f30920f)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const d of deploymentBlocks(a)) {
      // Serve LLM fills placement_group_bundles from the engine config itself.
      if (d.kind !== 'deployment') continue;
      const bundles = d.value.placement_group_bundles;
      if (bundles !== undefined && bundles !== null) continue;
      for (const opt of OPTIONS) {
        const v = d.value[opt];
        if (v === undefined || v === null) continue;
        const path = [...d.path, opt];
        ctx.report({
          message: `If \`${opt}\` is provided, \`placement_group_bundles\` must also be provided. Serve rejects ${d.label}; add the bundles each replica needs, or remove ${opt}.`,
          range: keyRangeAt(a, path),
          data: { path },
        });
      }
    }
  },
  fixes(finding, a) {
    const path = finding.data?.path;
    if (!isPath(path)) return [];
    const del = deletePairAt(a, path);
    // Not preferred: the user may rather add the bundles.
    return del ? [{ title: `Remove ${path[path.length - 1]}`, edits: [del] }] : [];
  },
});
