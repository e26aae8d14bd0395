/**
 * What is under the cursor: the chain of keys from the root to the node at an offset,
 * and the schema that describes it. Hover, completion and quick-fix titles use it.
 */
import type { Analysis } from '../analysis';
import { loadSchema, type JsonSchema } from '../schema/registry';
import { alternatives, annotation, child, typesOf } from '../schema/navigate';
import type { PairNode, ScalarNode, SchemaId, SourceNode } from '../types';
import { mapVllmKey } from '../engineArgs/keys';

export interface CursorHit {
  /** Raw path as written: keys and seq indexes. */
  path: string[];
  /** The pair whose key or value holds the cursor. */
  pair?: PairNode;
  onKey: boolean;
  /** Path to the innermost pair's key. */
  pairPath: string[];
  node: SourceNode | ScalarNode | null;
}

const within = (r: { start: number; end: number }, o: number) => o >= r.start && o <= r.end;

export function hitAt(root: SourceNode | null, offset: number): CursorHit | undefined {
  let cur: SourceNode | null = root;
  const path: string[] = [];
  let hit: CursorHit | undefined;
  for (let guard = 0; cur && guard < 500; guard++) {
    if (cur.kind === 'map') {
      const pair: PairNode | undefined = cur.pairs.find((p) => within(p.key.range, offset) || (p.value && within(p.value.range, offset)) || within(p.range, offset));
      if (!pair) break;
      path.push(String(pair.key.value));
      if (within(pair.key.range, offset)) return { path, pair, onKey: true, node: pair.key, pairPath: [...path] };
      hit = { path: [...path], pair, onKey: false, node: pair.value, pairPath: [...path] };
      cur = pair.value;
    } else if (cur.kind === 'seq') {
      const i = cur.items.findIndex((it) => within(it.range, offset));
      if (i < 0) break;
      path.push(String(i));
      hit = { path: [...path], pair: hit?.pair, onKey: false, node: cur.items[i], pairPath: hit?.pairPath ?? [] };
      cur = cur.items[i];
    } else break;
  }
  return hit;
}

export type Alts = { schema: JsonSchema; root: JsonSchema }[];

/**
 * Schema alternatives for a raw path. vLLM top-level keys are canonicalised, and
 * arrays are stepped through when a path names a field directly (pbtxt repeated
 * fields are written without an index).
 */
export function schemaForPath(a: Pick<Analysis, 'detection'>, rawPath: readonly string[]): Alts {
  const id = a.detection.schema;
  if (!id) return [];
  let schema: JsonSchema;
  try {
    schema = loadSchema(id);
  } catch {
    return [];
  }
  let cur: Alts = alternatives(schema, schema);
  rawPath.forEach((seg, i) => {
    cur = governedBy(cur);
    let key = seg;
    if (id === 'vllm' && i === 0) key = mapVllmKey(seg, [])?.path[0] ?? seg;
    const next: Alts = [];
    for (const c of cur) {
      const direct = child(c.schema, c.root, key);
      if (direct.length) next.push(...direct);
      else if (!/^\d+$/.test(key) && typesOf([c]).includes('array') && c.schema.items)
        for (const it of alternatives(c.schema.items as JsonSchema, c.root)) next.push(...child(it.schema, it.root, key));
    }
    cur = next;
  });
  return governedBy(cur);
}

/**
 * A value another schema governs (`"x-validate-as": "vllm"` on Ray Serve LLM's
 * engine_kwargs) completes and hovers with that schema, as it is validated, less the
 * keys the host sets itself (`x-validate-as-omit`: Ray takes the model from
 * model_loading_config and rejects it here).
 */
function governedBy(alts: Alts): Alts {
  const target = annotation<string>(alts, 'x-validate-as');
  if (!target) return alts;
  const omit = annotation<string[]>(alts, 'x-validate-as-omit') ?? [];
  try {
    const s = loadSchema(target as SchemaId);
    if (!omit.length || !s.properties) return alternatives(s, s);
    const properties = Object.fromEntries(Object.entries(s.properties as Record<string, JsonSchema>).filter(([k]) => !omit.includes(k)));
    return alternatives({ ...s, properties }, s);
  } catch {
    return alts;
  }
}

/**
 * The message schema inside a repeated field. pbtxt paths carry no indices: the cursor
 * in `instance_group [ { | } ]` or a repeated `instance_group { | }` is at path
 * `instance_group`, whose schema is the array, but the fields to offer are its items'.
 */
export function itemsOfArrays(alts: Alts): Alts {
  const out: Alts = [];
  for (const c of alts) {
    if (typesOf([c]).includes('array') && c.schema.items) out.push(...alternatives(c.schema.items as JsonSchema, c.root));
    else out.push(c);
  }
  return out;
}

