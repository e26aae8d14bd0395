/**
 * Resource quantities Ray refuses for a replica actor: fractions finer than Ray's
 * resource unit (ray_option_utils._validate_resource_quantity) and a fractional GPU count
 * above 1 (the unit-instance check in _raylet.pyx prepare_resources). Negative values are
 * the schema's out-of-range error.
 */
import { defineRule } from '../../../rules/rule';
import { replaceScalar } from '../../../editing/edits';
import { actorOptionBlocks, RESOURCE_UNIT_SCALING, tooFine } from './actor-options';
import { isObj, isPath, rangeAt, scalarAt } from './serve-blocks';

const OPTIONS = ['num_cpus', 'num_gpus', 'memory'] as const;

export const actorResourceQuantity = defineRule({
  id: 'rayserve/actor-resource-quantity',
  appliesTo: { schemas: ['rayserve', 'rayserve-llm'] },
  severity: 'error',
  title: 'Resource quantity Ray rejects (finer than 0.0001, or a fractional GPU count above 1)',
  fix: 'unsafe',
  sources: ['Ray `python/ray/_common/ray_option_utils.py` `_validate_resource_quantity` (ray-project/ray @0da4262d; `RESOURCE_UNIT_SCALING` = 10000); the unit-instance check in `_raylet.pyx` `prepare_resources` (read from the code index, commit not shown) with `predefined_unit_instance_resources` = "GPU" in `src/ray/common/ray_config_def.h`. Serve calls them from `python/ray/serve/_private/config.py` `ReplicaConfig._validate_ray_actor_options` (eicherseiji/ray @3f30920f)'],
  check(ctx) {
    const a = ctx.analysis;
    const isFloat = (path: string[]) => {
      const n = scalarAt(a, path);
      // PyYAML reads a number with a dot (or exponent after one) as a float.
      return !!n && !n.quoted && typeof n.value === 'number' && /[.]/.test(n.source);
    };
    for (const o of actorOptionBlocks(a)) {
      const entries: { name: string; path: string[]; q: unknown }[] = OPTIONS.map((k) => ({ name: k, path: [...o.path, k], q: o.value[k] }));
      if (isObj(o.value.resources)) for (const [k, q] of Object.entries(o.value.resources)) entries.push({ name: k, path: [...o.path, 'resources', k], q });
      for (const e of entries) {
        if (typeof e.q !== 'number' || !Number.isFinite(e.q) || e.q < 0) continue;
        if (tooFine(e.q, () => isFloat(e.path))) {
          ctx.report({
            message: `The precision of the fractional quantity of resource ${e.name} cannot go beyond 0.0001: Ray counts resources in units of 1/${RESOURCE_UNIT_SCALING}, so ${e.q} rounds to nothing and the replica actor of ${o.label} is rejected. Use 0 or at least 0.0001.`,
            range: rangeAt(a, e.path),
          });
        } else if (e.name === 'num_gpus' && e.q >= 1 && !Number.isInteger(e.q)) {
          ctx.report({
            message: `GPU resource quantities >1 must be whole numbers. The specified quantity ${e.q} is invalid: Ray hands out whole GPUs above 1, so it refuses to create the replica actor of ${o.label}. Use ${Math.floor(e.q)} or ${Math.ceil(e.q)}, or a fraction below 1 to share a GPU.`,
            range: rangeAt(a, e.path),
            data: { path: e.path, q: e.q },
          });
        }
      }
    }
  },
  fixes(finding, a) {
    const path = finding.data?.path;
    const q = finding.data?.q;
    if (!isPath(path) || typeof q !== 'number') return [];
    const node = scalarAt(a, path);
    if (!node) return [];
    // Up keeps the replica's share of GPU; down packs more replicas. Neither is preferred.
    return [Math.ceil(q), Math.floor(q)].map((n) => ({ title: `Set num_gpus to ${n}`, edits: [replaceScalar(a.text, node, n)] }));
  },
});
