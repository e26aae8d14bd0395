/**
 * ajv errors → findings on the right node, in plain language.
 * Unknown key → the key; wrong type/enum/range → the value; missing required → the parent key.
 */
import type { ErrorObject } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import type { Finding, OffsetRange, SchemaId, SourceNode } from '../types';
import { loadSchema, validator, type JsonSchema } from './registry';
import { propertiesOf, schemaAt, annotation, typesOf } from './navigate';
import { locate, splitPointer, type ValueWithOrigins } from './value';
import { isPlaceholder } from './placeholder';
import { own } from '../own';

/** What the framework does with a key it does not know inside the mapping at `path`. */
export type UnknownKeyPolicy = { severity: 'error' | 'warning'; consequence?: string };

/**
 * The policy for keys unknown to the mapping at `path`: a mapping whose own loader rejects
 * extra keys inside a lenient format (Serve's ray_actor_options, pydantic models with
 * extra=forbid) says so with x-unknown-keys; elsewhere the format's own policy holds.
 */
export function unknownKeyPolicy(schema: JsonSchema, path: string[], format: UnknownKeyPolicy | undefined): UnknownKeyPolicy | undefined {
  return annotation<UnknownKeyPolicy>(schemaAt(schema, path), 'x-unknown-keys') ?? format;
}

export interface SchemaCheckOptions {
  /** Shown in messages: "vLLM argument", "Triton field". */
  noun: string;
  /** Render a canonical key the way the user writes keys in this file (vLLM dash style). */
  spell?: (canonical: string) => string;
  /** Prefix added to instance paths when the value validated is a sub-tree (engine_kwargs). */
  basePath?: string[];
  /**
   * How bad an unknown key is. Frameworks whose loader rejects unknown keys (vLLM's
   * argument parser, protobuf) make it an error; Ray Serve's pydantic models drop
   * them silently, so there it is a warning that the setting has no effect.
   */
  unknownKey?: UnknownKeyPolicy;
  /** Common wrong names → the right key, checked before edit distance ("max_seq_len" → "max_model_len"). */
  synonyms?: Record<string, string>;
}

export function checkSchema(
  id: SchemaId,
  root: SourceNode | null,
  v: ValueWithOrigins,
  opts: SchemaCheckOptions,
  value: unknown = v.value,
): Finding[] {
  const validate = validator(id);
  if (validate(value)) return [];
  const errors = simplify(validate.errors ?? []);
  const out: Finding[] = [];
  const schema = loadSchema(id);
  const base = opts.basePath ?? [];
  const known = new Map<string, string[]>();
  for (const e of errors) {
    if (out.length >= MAX_SCHEMA_FINDINGS) {
      out.push({
        code: 'servescope/limit',
        severity: 'information',
        message: `More than ${MAX_SCHEMA_FINDINGS} schema problems in this file; the rest are not shown.`,
        range: out[out.length - 1].range,
      });
      break;
    }
    const f = toFinding(e, schema, root, v, opts, base, known);
    if (f) out.push(f);
  }
  return out;
}

/** Schema findings shown per file: past this the file is not a config in any useful sense. */
const MAX_SCHEMA_FINDINGS = 500;

// ---------------------------------------------------------------------------

/**
 * Collapses anyOf/oneOf noise into what a person would say. Branch errors are judged
 * by instance path, not schema path, because errors inside a `$ref` carry the
 * referenced schema's path and can't be attributed to a branch by prefix.
 * - every error under the union is a type error on the value itself: one
 *   "should be X or Y" message;
 * - otherwise some branch matched the value's type: keep that branch's deeper
 *   errors and drop the other branches' type complaints.
 */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  const extra: ErrorObject[] = [];
  const composites = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').sort((a, b) => a.instancePath.length - b.instancePath.length);
  // Scanning every error per union is quadratic: a 4,000-item list of unions took a second.
  const atOrBelow = indexByUnion(errors, composites);
  for (const c of composites) {
    if (dropped.has(c)) continue;
    dropped.add(c);
    if (c.keyword === 'oneOf' && (c.params as { passingSchemas?: unknown }).passingSchemas) {
      extra.push(c);
      continue;
    }
    const under = (atOrBelow.get(c.instancePath) ?? []).filter((e) => e !== c && !dropped.has(e));
    const typeOnly = under.filter((e) => e.instancePath === c.instancePath && e.keyword === 'type');
    if (under.length && typeOnly.length === under.length) {
      const types = new Set<string>();
      for (const e of typeOnly) for (const t of String((e.params as { type: string }).type).split(',')) types.add(t);
      for (const e of under) dropped.add(e);
      extra.push({ ...c, keyword: 'type', params: { type: [...types].join(',') } });
      continue;
    }
    for (const e of typeOnly) dropped.add(e);
  }
  const kept = errors.filter((e) => !dropped.has(e) && e.keyword !== 'if').concat(extra);
  const seen = new Set<string>();
  return kept.filter((e) => {
    const k = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Errors grouped under each union's instance path: an error belongs to every union at
 * its own path or an ancestor ("/a/b" is under "/a/b", "/a" and "").
 */
function indexByUnion(errors: ErrorObject[], unions: ErrorObject[]): Map<string, ErrorObject[]> {
  const index = new Map<string, ErrorObject[]>();
  for (const u of unions) index.set(u.instancePath, []);
  for (const e of errors) {
    let p = e.instancePath;
    for (;;) {
      index.get(p)?.push(e);
      if (!p) break;
      p = p.slice(0, p.lastIndexOf('/'));
    }
  }
  return index;
}

function toFinding(
  e: ErrorObject,
  schema: Record<string, unknown>,
  root: SourceNode | null,
  v: ValueWithOrigins,
  opts: SchemaCheckOptions,
  base: string[],
  knownKeys: Map<string, string[]>,
): Finding | undefined {
  const path = splitPointer(e.instancePath);
  const loc = locate(root, v, [...base, ...path]);
  const spell = opts.spell ?? ((k: string) => k);
  const where = describePath([...base, ...path], spell);
  const valueNode = loc.node;
  const valueRange = valueNode?.range ?? loc.key?.range ?? { start: 0, end: 0 };
  const shown = valueNode?.kind === 'scalar' ? valueNode.value : undefined;
  const placeholder = valueNode?.kind === 'scalar' && typeof valueNode.value === 'string' && isPlaceholder(valueNode.value);

  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = (e.params as { additionalProperty: string }).additionalProperty;
      const keyLoc = locate(root, v, [...base, ...path, prop]);
      // Once per parent path: a file with thousands of unknown keys under one mapping
      // must not look the schema up thousands of times.
      const pk = e.instancePath;
      let known = knownKeys.get(pk);
      if (!known) {
        known = [...propertiesOf(schemaAt(schema, path)).keys()];
        knownKeys.set(pk, known);
      }
      const syn = own(opts.synonyms ?? {}, prop.toLowerCase().replace(/-/g, '_'));
      const guess = syn && known.includes(syn) ? syn : suggest(prop, known);
      // A key known only to another branch of a union (Ray's single-app `name` beside
      // `applications`) "suggests" itself: no rename to offer.
      const suggestion = guess !== prop ? guess : undefined;
      const raw = keyLoc.key?.source || prop;
      const range = keyLoc.key?.range ?? valueRange;
      // `model: {tag: sd}` for `models:`: the known key takes a list, so the fix wraps the value too.
      const takes = suggestion ? typesOf(schemaAt(schema, [...path, suggestion])) : [];
      const wrapInList = takes.length === 1 && takes[0] === 'array' && !!keyLoc.node && keyLoc.node.kind !== 'seq';
      const policy = unknownKeyPolicy(schema, path, opts.unknownKey);
      let msg = `Unknown ${opts.noun} "${raw}"${where ? ` in ${where}` : ''}.`;
      if (policy?.consequence) msg += ` ${policy.consequence.replace(/\{key\}/g, raw)}`;
      if (suggestion) msg += ` Did you mean "${spell(suggestion)}"?`;
      return {
        code: 'schema/unknown-key',
        severity: policy?.severity ?? 'error',
        message: msg,
        range,
        data: suggestion ? { key: raw, suggestion: spell(suggestion), ...(wrapInList ? { wrapInList } : {}) } : { key: raw },
      };
    }
    case 'required': {
      const prop = (e.params as { missingProperty: string }).missingProperty;
      // A list item has no key of its own: point at its first key instead of the list's.
      const itemMap = /^\d+$/.test(path[path.length - 1] ?? '') && loc.node?.kind === 'map' ? loc.node : undefined;
      const range = itemMap?.pairs[0]?.key.range ?? loc.key?.range ?? firstLine(root);
      return {
        code: 'schema/missing-required',
        severity: 'error',
        message: `Missing required ${opts.noun} "${spell(prop)}"${where ? ` in ${where}` : ''}.`,
        range,
        data: { missing: prop },
      };
    }
    case 'type': {
      if (placeholder) return undefined;
      const expected = String((e.params as { type: string }).type).split(',').map(article).join(' or ');
      return {
        code: 'schema/wrong-type',
        severity: 'error',
        message: `${cap(where || 'This value')} should be ${expected}, but is ${describeValue(valueNode)}.`,
        range: valueRange,
      };
    }
    case 'enum': {
      if (placeholder) return undefined;
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      const s = typeof shown === 'string' ? suggest(shown, allowed) : undefined;
      const list = allowed.length > 12 ? allowed.slice(0, 12).join(', ') + ', …' : allowed.join(', ');
      return {
        code: 'schema/invalid-enum',
        severity: 'error',
        message: `${JSON.stringify(shown ?? null)} is not a valid value for ${where || 'this field'}. Expected one of: ${list}.${s ? ` Did you mean "${s}"?` : ''}`,
        range: valueRange,
        data: s ? { suggestion: s } : undefined,
      };
    }
    case 'const': {
      if (placeholder) return undefined;
      const allowed = (e.params as { allowedValue: unknown }).allowedValue;
      return { code: 'schema/invalid-enum', severity: 'error', message: `${cap(where || 'This value')} must be ${JSON.stringify(allowed)}.`, range: valueRange };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      if (placeholder) return undefined;
      const p = e.params as { comparison: string; limit: number };
      const cmp = p.comparison.replace('>=', '≥').replace('<=', '≤');
      return {
        code: 'schema/out-of-range',
        severity: 'error',
        message: `${cap(where || 'This value')} must be ${cmp} ${p.limit}, but is ${JSON.stringify(shown)}.`,
        range: valueRange,
        data: { limit: p.limit, comparison: p.comparison },
      };
    }
    case 'pattern':
    case 'format': {
      if (placeholder) return undefined;
      const sub = schemaAt(schema, path);
      const hint = annotation<string>(sub, 'x-pattern-description') ?? (e.keyword === 'format' ? `a ${(e.params as { format: string }).format}` : `text matching ${(e.params as { pattern: string }).pattern}`);
      return {
        code: 'schema/invalid-format',
        severity: 'error',
        message: `${cap(where || 'This value')} should be ${hint}, but is ${describeValue(valueNode)}.`,
        range: valueRange,
      };
    }
    case 'not':
      return { code: 'schema/invalid-value', severity: 'error', message: `${cap(where || 'This value')} is not allowed here.`, range: loc.key?.range ?? valueRange };
    default:
      if (placeholder) return undefined;
      return {
        code: 'schema/invalid-value',
        severity: 'error',
        message: `${cap(where || 'This value')} ${e.message ?? 'is invalid'}.`,
        range: e.keyword === 'dependentRequired' || e.keyword === 'dependencies' ? (loc.key?.range ?? valueRange) : valueRange,
      };
  }
}

export function suggest(word: string, candidates: string[]): string | undefined {
  if (!candidates.length || !word) return undefined;
  const norm = (s: string) => s.toLowerCase().replace(/-/g, '_');
  const w = norm(word);
  const exact = candidates.find((c) => norm(c) === w);
  if (exact) return exact;
  const best = closest(w, candidates.map(norm));
  const d = distance(w, best);
  if (d > Math.max(2, Math.floor(w.length / 3))) return undefined;
  return candidates.find((c) => norm(c) === best);
}

function describePath(path: string[], spell: (k: string) => string): string {
  if (!path.length) return '';
  let s = '';
  for (const seg of path) {
    if (/^\d+$/.test(seg)) s += `[${seg}]`;
    else s += (s ? '.' : '') + spell(seg);
  }
  return `"${s}"`;
}

function describeValue(n: SourceNode | null): string {
  if (!n) return 'empty';
  if (n.kind === 'map') return 'a mapping';
  if (n.kind === 'seq') return 'a list';
  const v = n.value;
  if (v === null) return 'null';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (typeof v === 'boolean') return `the boolean ${v}`;
  return `the number ${v}`;
}

function article(t: string): string {
  switch (t) {
    case 'integer':
      return 'an integer';
    case 'object':
      return 'a mapping';
    case 'array':
      return 'a list';
    case 'null':
      return 'null';
    default:
      return `a ${t}`;
  }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function firstLine(root: SourceNode | null): OffsetRange {
  if (root?.kind === 'map' && root.pairs.length) return root.pairs[0].key.range;
  return { start: 0, end: 0 };
}
