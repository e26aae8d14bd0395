/**
 * Visits a value alongside the schema that describes it, for checks that depend on
 * schema annotations (deprecated/removed keys, nested validation of engine_kwargs).
 */
import type { JsonSchema } from './registry';
import { alternatives, annotatedBelow, child } from './navigate';

export type Alts = { schema: JsonSchema; root: JsonSchema }[];

/**
 * Pre-order walk; `visit` gets a fresh copy of the path it may keep. Returning false
 * from `visit` skips that node's children (the sub-tree is handled elsewhere).
 */
export function walkWithSchema(
  value: unknown,
  schema: JsonSchema,
  visit: (path: string[], value: unknown, alts: Alts) => boolean | void,
  maxNodes = 200_000,
  /**
   * The visitor only looks for schemas carrying one of these keywords: sub-trees whose
   * schema cannot reach any of them are not entered (large files are mostly such).
   */
  only?: readonly string[],
  /** Start below the root: `value` sits at `from.path`, described by `from.alts` (what the visitor got there). */
  from?: { path: string[]; alts: Alts },
): void {
  let seen = 0;
  const onlyId = only?.join('\u0000');
  // One path array mutated along the walk (recursion depth is capped by the parser's
  // maxDepth); large files visit tens of thousands of nodes, so allocation matters.
  const path: string[] = from ? [...from.path] : [];
  const step = (v: unknown, alts: Alts): void => {
    if (seen++ >= maxNodes) return;
    if (visit(path.slice(), v, alts) === false) return;
    if (!alts.length || v === null || typeof v !== 'object') return;
    if (only && !relevant(alts, only, onlyId!).below) return;
    const arr = Array.isArray(v) ? v : undefined;
    const keys = arr ? undefined : Object.keys(v);
    const n = arr ? arr.length : keys!.length;
    for (let i = 0; i < n; i++) {
      const k = arr ? String(i) : keys![i];
      const cv = arr ? arr[i] : (v as Record<string, unknown>)[k];
      const next = childOf(alts, k);
      // Neither this child's schema nor anything below it carries what the visitor looks for.
      if (only) {
        const r = relevant(next, only, onlyId!);
        if (!r.here && !r.below) continue;
      }
      path.push(k);
      step(cv, next);
      path.pop();
    }
  };
  step(value, from ? from.alts : alternatives(schema, schema));
}

// Alternative lists are memoised (child() returns shared arrays; lists of several are
// memoised here), so the per-node questions below are one map lookup each.
const listChildMemo = new WeakMap<Alts, Map<string, Alts>>();

function childOf(alts: Alts, k: string): Alts {
  if (alts.length === 1) return child(alts[0].schema, alts[0].root, k);
  let m = listChildMemo.get(alts);
  if (!m) listChildMemo.set(alts, (m = new Map()));
  let hit = m.get(k);
  if (!hit) {
    hit = [];
    for (const a of alts) hit.push(...child(a.schema, a.root, k));
    if (m.size < 4096) m.set(k, hit);
  }
  return hit;
}

const relevantMemo = new WeakMap<Alts, Map<string, { here: boolean; below: boolean }>>();

/** Does a schema in `alts` carry one of `only` (here), or can one below it (below)? */
function relevant(alts: Alts, only: readonly string[], onlyId: string): { here: boolean; below: boolean } {
  let m = relevantMemo.get(alts);
  if (!m) relevantMemo.set(alts, (m = new Map()));
  let hit = m.get(onlyId);
  if (!hit) {
    hit = { here: alts.some((a) => only.some((key) => a.schema[key] !== undefined)), below: annotatedBelow(alts, only) };
    m.set(onlyId, hit);
  }
  return hit;
}
