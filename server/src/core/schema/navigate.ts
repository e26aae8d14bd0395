/**
 * Walks a JSON schema along an instance path, for hover, completion, repeated-field
 * detection and the deprecated/removed-key rule. Deliberately forgiving: it follows
 * $ref, allOf/anyOf/oneOf and if/then branches and merges what it finds, because
 * an editor wants "what could go here", not a validation verdict.
 */
import { loadSchema, schemaById, type JsonSchema } from './registry';
import type { SchemaId } from '../types';

const MAX_REF_HOPS = 32;

export function deref(s: JsonSchema | undefined, root: JsonSchema, hops = 0): { schema: JsonSchema | undefined; root: JsonSchema } {
  let cur = s;
  let curRoot = root;
  while (cur && typeof cur.$ref === 'string' && hops++ < MAX_REF_HOPS) {
    const ref = cur.$ref;
    const hash = ref.indexOf('#');
    const file = hash < 0 ? ref : ref.slice(0, hash);
    const frag = hash < 0 ? '' : ref.slice(hash + 1);
    if (file) {
      const other = schemaById(file);
      if (!other) return { schema: undefined, root: curRoot };
      curRoot = other;
    }
    cur = pointer(curRoot, frag);
  }
  return { schema: cur, root: curRoot };
}

function pointer(root: JsonSchema, frag: string): JsonSchema | undefined {
  if (!frag || frag === '/') return root;
  let cur: unknown = root;
  for (const seg of frag.split('/').slice(1)) {
    const key = decodeURIComponent(seg.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (cur && typeof cur === 'object') cur = (cur as Record<string, unknown>)[key];
    else return undefined;
  }
  return cur as JsonSchema | undefined;
}

type Alt = { schema: JsonSchema; root: JsonSchema };

// Schemas are immutable once loaded, so lookups are memoised per (schema node, root[, segment]).
// The schema-annotated walks ask the same questions once per instance node (thousands of
// times on a large file); without this they dominate analysis time. Results are shared:
// callers must treat the returned arrays as read-only.
const altMemo = new WeakMap<JsonSchema, WeakMap<JsonSchema, Alt[]>>();
const childMemo = new WeakMap<JsonSchema, WeakMap<JsonSchema, Map<string, Alt[]>>>();

function memoFor<V>(memo: WeakMap<JsonSchema, WeakMap<JsonSchema, V>>, s: JsonSchema): WeakMap<JsonSchema, V> {
  let m = memo.get(s);
  if (!m) memo.set(s, (m = new WeakMap()));
  return m;
}

/** Flattens a schema into the alternatives that could describe a value (after $ref, allOf, anyOf, oneOf, then/else). */
export function alternatives(s: JsonSchema | undefined, root: JsonSchema, depth = 0): { schema: JsonSchema; root: JsonSchema }[] {
  if (!s || depth > 8) return [];
  if (depth === 0) {
    const m = memoFor(altMemo, s);
    let hit = m.get(root);
    if (!hit) m.set(root, (hit = alternativesUncached(s, root, 0)));
    return hit;
  }
  return alternativesUncached(s, root, depth);
}

function alternativesUncached(s: JsonSchema, root: JsonSchema, depth: number): Alt[] {
  const d = deref(s, root);
  if (!d.schema) return [];
  const out = [{ schema: d.schema, root: d.root }];
  // In 2020-12 the keywords beside a $ref apply too: an `x-added` or description written next
  // to the reference is the key's own, and comes first so it wins over the target's.
  if (d.schema !== s && Object.keys(s).some((k) => k !== '$ref')) out.unshift({ schema: s, root });
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = d.schema[k];
    if (Array.isArray(list)) for (const b of list) out.push(...alternatives(b as JsonSchema, d.root, depth + 1));
  }
  for (const k of ['then', 'else'] as const) {
    const b = d.schema[k];
    if (b && typeof b === 'object') out.push(...alternatives(b as JsonSchema, d.root, depth + 1));
  }
  return out;
}

/** The schema(s) that describe the child `seg` of a value described by `s`. */
export function child(s: JsonSchema | undefined, root: JsonSchema, seg: string): { schema: JsonSchema; root: JsonSchema }[] {
  if (!s) return [];
  const m = memoFor(childMemo, s);
  let bySeg = m.get(root);
  if (!bySeg) m.set(root, (bySeg = new Map()));
  let hit = bySeg.get(seg);
  if (!hit) {
    hit = childUncached(s, root, seg);
    // Bounded: instance keys (array indices, map keys) are unbounded in number.
    if (bySeg.size < 4096) bySeg.set(seg, hit);
  }
  return hit;
}

function childUncached(s: JsonSchema, root: JsonSchema, seg: string): Alt[] {
  const out: { schema: JsonSchema; root: JsonSchema }[] = [];
  for (const alt of alternatives(s, root)) {
    const sch = alt.schema;
    const props = sch.properties as Record<string, JsonSchema> | undefined;
    if (props && Object.prototype.hasOwnProperty.call(props, seg)) {
      out.push(...alternatives(props[seg], alt.root));
      continue;
    }
    const pats = sch.patternProperties as Record<string, JsonSchema> | undefined;
    let matched = false;
    if (pats) {
      for (const [re, ps] of Object.entries(pats)) {
        if (safeTest(re, seg)) {
          out.push(...alternatives(ps, alt.root));
          matched = true;
        }
      }
    }
    if (matched) continue;
    if (/^\d+$/.test(seg)) {
      const prefix = sch.prefixItems as JsonSchema[] | undefined;
      if (prefix && prefix[Number(seg)]) out.push(...alternatives(prefix[Number(seg)], alt.root));
      else if (sch.items && typeof sch.items === 'object') out.push(...alternatives(sch.items as JsonSchema, alt.root));
    }
    if (sch.additionalProperties && typeof sch.additionalProperties === 'object') {
      out.push(...alternatives(sch.additionalProperties as JsonSchema, alt.root));
    }
    // A value another schema governs (Ray Serve LLM engine_kwargs → vLLM): its children
    // are described there, for hover, completion and the deprecated/removed-key rules.
    const governed = sch['x-validate-as'];
    if (typeof governed === 'string') {
      const other = loadById(governed);
      if (other) out.push(...child(other, other, seg));
    }
  }
  return out;
}

function loadById(id: string): JsonSchema | undefined {
  try {
    return loadSchema(id as SchemaId);
  } catch {
    return undefined;
  }
}

export function schemaAt(root: JsonSchema, path: readonly string[]): { schema: JsonSchema; root: JsonSchema }[] {
  let cur = alternatives(root, root);
  for (const seg of path) {
    const next: { schema: JsonSchema; root: JsonSchema }[] = [];
    for (const c of cur) next.push(...child(c.schema, c.root, seg));
    cur = next;
    if (!cur.length) break;
  }
  return cur;
}

/** First value of an annotation found among alternatives. */
export function annotation<T = unknown>(alts: { schema: JsonSchema }[], key: string): T | undefined {
  for (const a of alts) if (a.schema[key] !== undefined) return a.schema[key] as T;
  return undefined;
}

export function typesOf(alts: { schema: JsonSchema }[]): string[] {
  const out = new Set<string>();
  for (const a of alts) {
    const t = a.schema.type;
    if (typeof t === 'string') out.add(t);
    else if (Array.isArray(t)) for (const x of t) out.add(String(x));
  }
  return [...out];
}

/** Known property names of the object described by `alts`, with their schema. */
export function propertiesOf(alts: { schema: JsonSchema; root: JsonSchema }[]): Map<string, { schema: JsonSchema; root: JsonSchema }[]> {
  const out = new Map<string, { schema: JsonSchema; root: JsonSchema }[]>();
  for (const a of alts) {
    const props = a.schema.properties as Record<string, JsonSchema> | undefined;
    if (!props) continue;
    for (const [k, v] of Object.entries(props)) {
      const list = out.get(k) ?? [];
      list.push(...alternatives(v, a.root));
      out.set(k, list);
    }
  }
  return out;
}

const reCache = new Map<string, RegExp | null>();
function safeTest(re: string, s: string): boolean {
  let r = reCache.get(re);
  if (r === undefined) {
    try {
      r = new RegExp(re, 'u');
    } catch {
      r = null;
    }
    reCache.set(re, r);
  }
  return r ? r.test(s) : false;
}

// --- reachability of annotations, so walks can skip sub-trees no annotation can reach ------

const belowMemo = new WeakMap<JsonSchema, WeakMap<JsonSchema, Map<string, boolean>>>();

/**
 * Whether a schema that can describe some descendant of a value described by `alts`
 * carries one of `keys`. Over-approximates (every property, pattern, item and
 * governed schema counts), so a walk that stops descending where this is false
 * misses nothing.
 */
export function annotatedBelow(alts: readonly Alt[], keys: readonly string[]): boolean {
  const id = keys.join('\u0000');
  for (const a of alts) {
    const m = memoFor(belowMemo, a.schema);
    let byKeys = m.get(a.root);
    if (!byKeys) m.set(a.root, (byKeys = new Map()));
    let hit = byKeys.get(id);
    if (hit === undefined) byKeys.set(id, (hit = searchBelow(a, keys)));
    if (hit) return true;
  }
  return false;
}

function searchBelow(start: Alt, keys: readonly string[]): boolean {
  const seen = new WeakMap<JsonSchema, Set<JsonSchema>>();
  const stack: Alt[] = childAlts(start);
  while (stack.length) {
    const c = stack.pop()!;
    let roots = seen.get(c.schema);
    if (!roots) seen.set(c.schema, (roots = new Set()));
    if (roots.has(c.root)) continue;
    roots.add(c.root);
    for (const k of keys) if (c.schema[k] !== undefined) return true;
    stack.push(...childAlts(c));
  }
  return false;
}

/** Every alternative child() could return for some segment (any key, any index). */
function childAlts(a: Alt, hops = 0): Alt[] {
  const out: Alt[] = [];
  for (const alt of alternatives(a.schema, a.root)) {
    const sch = alt.schema;
    const lists: unknown[] = [
      ...Object.values((sch.properties as Record<string, JsonSchema> | undefined) ?? {}),
      ...Object.values((sch.patternProperties as Record<string, JsonSchema> | undefined) ?? {}),
      ...((sch.prefixItems as JsonSchema[] | undefined) ?? []),
      sch.items,
      sch.additionalProperties,
    ];
    for (const s of lists) if (s && typeof s === 'object') out.push(...alternatives(s as JsonSchema, alt.root));
    const governed = sch['x-validate-as'];
    if (typeof governed === 'string' && hops < 4) {
      const other = loadById(governed);
      if (other) out.push(...childAlts({ schema: other, root: other }, hops + 1));
    }
  }
  return out;
}
