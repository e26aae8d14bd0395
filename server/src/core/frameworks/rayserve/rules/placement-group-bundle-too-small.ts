/**
 * The replica actor runs in the first placement-group bundle, so what
 * ray_actor_options asks for must fit in it. Serve fills num_cpus: 1 before comparing.
 */
import { defineRule } from '../../../rules/rule';
import { replaceScalar } from '../../../editing/edits';
import { deploymentBlocks, fmt, isFiniteNum, isObj, isPath, rangeAt, scalarAt } from './serve-blocks';

export const placementGroupBundleTooSmall = defineRule({
  id: 'rayserve/placement-group-bundle-too-small',
  appliesTo: { schemas: ['rayserve'] },
  severity: 'error',
  title: 'ray_actor_options ask for more than the first placement-group bundle holds',
  fix: 'unsafe',
  sources: ['Ray `python/ray/serve/_private/config.py` `ReplicaConfig._validate_placement_group_options` (eicherseiji/ray @3f30920f); num_cpus default applied in `ReplicaConfig.create`. Confirmed by Ray\'s own test fixture `replica_placement_groups.yaml`'],
  check(ctx) {
    const a = ctx.analysis;
    for (const d of deploymentBlocks(a)) {
      if (d.kind !== 'deployment') continue;
      const bundles = d.value.placement_group_bundles;
      if (!Array.isArray(bundles) || !isObj(bundles[0])) continue;
      const bundle = bundles[0];
      const opts = isObj(d.value.ray_actor_options) ? d.value.ray_actor_options : {};
      const bundlePath = [...d.path, 'placement_group_bundles', '0'];
      // Serve sets num_cpus to 1 when ray_actor_options omits it, before this check.
      const wants: { option: string; resource: string; need: number; defaulted: boolean; optPath: string[] }[] = [];
      const cpus = opts.num_cpus;
      wants.push({ option: 'num_cpus', resource: 'CPU', need: isFiniteNum(cpus) ? cpus : 1, defaulted: !isFiniteNum(cpus), optPath: [...d.path, 'ray_actor_options', 'num_cpus'] });
      if (isFiniteNum(opts.num_gpus)) wants.push({ option: 'num_gpus', resource: 'GPU', need: opts.num_gpus, defaulted: false, optPath: [...d.path, 'ray_actor_options', 'num_gpus'] });
      if (isObj(opts.resources)) {
        for (const [k, v] of Object.entries(opts.resources)) {
          if (isFiniteNum(v)) wants.push({ option: `resources.${k}`, resource: k, need: v, defaulted: false, optPath: [...d.path, 'ray_actor_options', 'resources', k] });
        }
      }
      for (const w of wants) {
        const has = isFiniteNum(bundle[w.resource]) ? (bundle[w.resource] as number) : 0;
        if (has >= w.need) continue;
        const resPath = [...bundlePath, w.resource];
        const present = bundle[w.resource] !== undefined;
        const why = w.defaulted ? ' (ray_actor_options does not set num_cpus, so Serve uses 1)' : '';
        ctx.report({
          message:
            `When using \`placement_group_bundles\`, the replica actor will be placed in the first bundle, so the resource requirements for the actor must be a subset of the first bundle. ` +
            `\`${w.option}\` for the actor is ${fmt(w.need)}${why} but the bundle only has ${fmt(has)} \`${w.resource}\` specified. ` +
            `Raise the first bundle's ${w.resource} to ${fmt(w.need)} or lower ${w.option}.`,
          range: present ? rangeAt(a, resPath) : rangeAt(a, bundlePath),
          related: w.defaulted ? undefined : [{ range: rangeAt(a, w.optPath), message: `${w.option} of the replica actor` }],
          data: present ? { bundleResourcePath: resPath, need: w.need, resource: w.resource } : undefined,
        });
      }
    }
  },
  fixes(finding, a) {
    const path = finding.data?.bundleResourcePath;
    const need = finding.data?.need;
    if (!isPath(path) || typeof need !== 'number') return [];
    const node = scalarAt(a, path);
    if (!node) return [];
    return [{ title: `Set the first bundle's ${String(finding.data?.resource)} to ${fmt(need)}`, edits: [replaceScalar(a.text, node, need)] }];
  },
});
