/** CPU or GPU given in ray_actor_options.resources instead of num_cpus / num_gpus. */
import { defineRule } from '../../../rules/rule';
import { actorOptionBlocks } from './actor-options';
import { deletePairAt, isObj, isPath, keyRangeAt, loc, pairAt } from './serve-blocks';

const OPTION = { CPU: 'num_cpus', GPU: 'num_gpus' } as const;

export const actorResourcesCpuGpu = defineRule({
  id: 'rayserve/actor-resources-cpu-gpu',
  appliesTo: { schemas: ['rayserve', 'rayserve-llm'] },
  severity: 'error',
  title: 'CPU or GPU inside ray_actor_options.resources',
  fix: 'safe',
  sources: ['Ray `python/ray/_common/ray_option_utils.py` `_validate_resources`, called from `validate_actor_options` (ray-project/ray @0da4262d), which Serve runs in `python/ray/serve/_private/config.py` `ReplicaConfig._validate_ray_actor_options` (eicherseiji/ray @3f30920f)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const o of actorOptionBlocks(a)) {
      const res = o.value.resources;
      if (!isObj(res)) continue;
      for (const name of ['CPU', 'GPU'] as const) {
        if (!Object.prototype.hasOwnProperty.call(res, name)) continue;
        const path = [...o.path, 'resources', name];
        ctx.report({
          message: `Use the 'num_cpus' and 'num_gpus' keyword instead of 'CPU' and 'GPU' in 'resources' keyword: Ray rejects the ray_actor_options of ${o.label}. Set ${OPTION[name]} instead of resources.${name}.`,
          range: keyRangeAt(a, path),
          data: { path, option: OPTION[name] },
        });
      }
    }
  },
  fixes(finding, a) {
    const path = finding.data?.path;
    const option = finding.data?.option;
    if (!isPath(path) || typeof option !== 'string') return [];
    const optsPath = path.slice(0, -2);
    const opts = loc(a, optsPath).node;
    const res = loc(a, path.slice(0, -1)).node;
    const pair = pairAt(a, path);
    const pv = pair?.value;
    if (opts?.kind !== 'map' || res?.kind !== 'map' || !pv || pv.kind !== 'scalar') return [];
    // A num_cpus/num_gpus already set would be overridden: leave the choice to the user.
    if (opts.pairs.some((p) => String(p.key.value) === option)) return [];
    // Flow mappings would need comma handling; only block mappings are rewritten.
    for (const m of [opts, res]) if (a.text.slice(m.range.start, m.range.end).trimStart().startsWith('{')) return [];
    const value = pv.source.trim();
    const nl = a.text.includes('\r\n') ? '\r\n' : '\n';
    const first = opts.pairs[0];
    const firstLine = a.text.lastIndexOf('\n', first.key.range.start - 1) + 1;
    const indent = a.text.slice(firstLine, first.key.range.start);
    if (!/^[ \t]*$/.test(indent)) return [];
    const line = `${indent}${option}: ${value}${nl}`;
    const others = res.pairs.filter((p) => String(p.key.value) !== path[path.length - 1]);
    let edits;
    if (others.length === 0) {
      // Nothing else is left in resources: the option takes the place of the whole entry.
      const del = deletePairAt(a, path.slice(0, -1));
      if (!del || del.range.start !== a.text.lastIndexOf('\n', del.range.start - 1) + 1) return [];
      edits = [{ range: del.range, newText: line }];
    } else {
      const del = deletePairAt(a, path);
      if (!del) return [];
      edits = [{ range: { start: firstLine, end: firstLine }, newText: line }, del];
    }
    return [{ title: `Move to ${option}: ${value}`, edits }];
  },
});
