/**
 * Finds keys whose schema marks them removed (`x-removed`) or deprecated
 * (`deprecated` + `x-deprecated`), shared by the two rules that report them.
 */
import type { Analysis } from '../../analysis';
import { loadSchema, type JsonSchema } from '../../schema/registry';
import { annotation, schemaAt, typesOf } from '../../schema/navigate';
import { locate } from '../../schema/value';
import { walkWithSchema, type Alts } from '../../schema/walk';
import { valueAtPath } from '../../frameworks/sourced';
import type { FormatId, ScalarNode, SchemaId } from '../../types';
import { addedIn } from '../../version';

export interface Lifecycle {
  key: ScalarNode;
  path: string[];
  canonical: string;
  replacement?: string | null;
  version?: string;
  note?: string;
  removed: boolean;
  /**
   * The framework whose schema marks the key, when not the document's: Ray Serve LLM
   * engine_kwargs are vLLM's, removed in a vLLM release, not a Ray one.
   */
  framework?: FormatId;
}

// Both the deprecated-key and the removed-key rule ask; walk the value once per analysis.
const lifecycleMemo = new WeakMap<object, { schema: unknown; keys: Lifecycle[] }>();

/** Removed and deprecated keys of the analysed value. The result is shared: do not modify it. */
export function lifecycleKeys(a: Omit<Analysis, 'findings'>): Lifecycle[] {
  if (!a.value) return [];
  const hit = lifecycleMemo.get(a.value);
  if (hit && hit.schema === a.detection.schema) return hit.keys;
  const keys = findLifecycleKeys(a);
  lifecycleMemo.set(a.value, { schema: a.detection.schema, keys });
  return keys;
}

function findLifecycleKeys(a: Omit<Analysis, 'findings'>): Lifecycle[] {
  const out: Lifecycle[] = [];
  const schemaId = a.detection.schema;
  if (!schemaId || !a.value) return out;
  const hits = walkHits(a, loadSchema(schemaId), ['x-removed', 'deprecated'], (path, alts) => {
    if (!path.length || /^\d+$/.test(path[path.length - 1])) return undefined;
    const removed = annotation<{ in?: string; replacement?: string | null; note?: string }>(alts, 'x-removed');
    const deprecated = annotation<boolean>(alts, 'deprecated');
    if (!removed && !deprecated) return undefined;
    const info = removed ?? annotation<{ since?: string; replacement?: string | null; note?: string }>(alts, 'x-deprecated') ?? {};
    return {
      replacement: info.replacement,
      version: (info as { in?: string }).in ?? (info as { since?: string }).since,
      note: info.note,
      removed: !!removed,
      framework: keyFramework(schemaId, alts),
    };
  });
  for (const { path, hit } of hits) {
    const loc = locate(a.root, a.value, path);
    if (loc.key) out.push({ key: loc.key, path, canonical: path[path.length - 1], ...hit });
  }
  return out;
}

/**
 * Hits of one schema walk per Ray Serve application (see walkHits), keyed by the walk and the
 * application's index, each with the last few texts it had: comparing an unchanged text costs
 * far less than hashing it into a key, which was most of an edit's walk on a large file.
 */
const itemMemo = new Map<string, { text: string; hits: { rel: string[]; hit: unknown }[] }[]>();
const ITEM_MEMO_MAX = 4096;
/** Texts kept per application: the current one and the one before (an undo). */
const ITEM_VERSIONS = 2;

/** Empties the per-application memo, so a test can compare a walk that reuses hits with one that finds them all. */
export function forgetApplicationHits(): void {
  itemMemo.clear();
}

/**
 * The paths where `hitAt` finds something, walking the value with its schema. In a Ray Serve
 * file, what is found under one application depends on that application's value and the
 * schema alone, so each application's hits are kept by its source text and an edit walks only
 * the application it touched (the paths are relative to the application, so they hold at any
 * offset; the nodes are located in this analysis's tree by the caller). An application that uses
 * an alias is walked every time, since its value then depends on text elsewhere.
 */
function walkHits<T>(a: Omit<Analysis, 'findings'>, schema: JsonSchema, only: readonly string[], hitAt: (path: string[], alts: Alts) => T | undefined): { path: string[]; hit: T }[] {
  const v = a.value!;
  const out: { path: string[]; hit: T }[] = [];
  const byApplication = a.detection.format === 'rayserve';
  walkWithSchema(
    v.value,
    schema,
    (path, value, alts) => {
      if (byApplication && path.length === 2 && path[0] === 'applications' && /^\d+$/.test(path[1])) {
        const node = locate(a.root, v, path).node;
        const text = node && a.text.slice(node.range.start, node.range.end);
        const key = `${a.detection.schema}\u0000${only.join(',')}\u0000${path[1]}`;
        const versions = itemMemo.get(key);
        // A kept text never holds an alias, so a hit needs no check for one.
        let hits = text ? (versions?.find((e) => e.text === text)?.hits as { rel: string[]; hit: T }[] | undefined) : undefined;
        if (!hits && text && !text.includes('*')) {
          const found: { rel: string[]; hit: T }[] = [];
          walkWithSchema(value, schema, (p, _v, al) => {
            const h = hitAt(p, al);
            if (h !== undefined) found.push({ rel: p.slice(2), hit: h });
          }, undefined, only, { path, alts });
          if (versions) {
            versions.unshift({ text, hits: found });
            versions.length = Math.min(versions.length, ITEM_VERSIONS);
          } else {
            if (itemMemo.size >= ITEM_MEMO_MAX) itemMemo.delete(itemMemo.keys().next().value as string);
            itemMemo.set(key, [{ text, hits: found }]);
          }
          hits = found;
        }
        if (hits) {
          for (const h of hits) out.push({ path: [...path, ...h.rel], hit: h.hit });
          return false;
        }
      }
      const h = hitAt(path, alts);
      if (h !== undefined) out.push({ path, hit: h });
    },
    undefined,
    only,
  );
  return out;
}

/**
 * The framework whose schema describes a key, when not the document's: children of an
 * `x-validate-as: vllm` value (Ray Serve LLM's engine_kwargs) are described by the vLLM
 * schema alone, and follow vLLM's releases.
 */
export function keyFramework(schemaId: SchemaId, alts: readonly { root: unknown }[]): FormatId | undefined {
  if (schemaId === 'vllm' || !alts.length) return undefined;
  const vllm = loadSchema('vllm');
  return alts.every((x) => x.root === vllm) ? 'vllm' : undefined;
}

/**
 * The release the user runs, when they said: servescope.versions for the format, else
 * the `# servescope: version=` modeline. Undefined means "not known", and the
 * version-dependent rules then stay quiet or fall back to the newest release.
 */
export function runningVersion(a: Omit<Analysis, 'findings'>, keyFramework?: FormatId): string | undefined {
  // A key another framework's schema describes (vLLM's engine_kwargs in a Ray Serve LLM file) follows that
  // framework's version; the modeline's bare `version=` is the document's own framework.
  const format = keyFramework ?? a.detection.format;
  return (format && a.settings.versions[format]) || (keyFramework && keyFramework !== a.detection.format ? undefined : a.modeline?.facts.version) || undefined;
}

export interface AddedKey {
  key: ScalarNode;
  path: string[];
  /** The release that added the key, or the earliest it can have been (`atLeast`). */
  added: string;
  atLeast: boolean;
  /** As for Lifecycle: the framework whose schema marks the key, when not the document's. */
  framework?: FormatId;
}

/**
 * Keys whose schema says which release first accepted them (`x-added`). A separate walk
 * from the lifecycle one: it only matters when a version is known, and most keys of a
 * refreshed schema carry no annotation, so the walk is cheap and skipped otherwise.
 */
export function addedKeys(a: Omit<Analysis, 'findings'>): AddedKey[] {
  const out: AddedKey[] = [];
  const schemaId = a.detection.schema;
  if (!schemaId || !a.value) return out;
  const hits = walkHits(a, loadSchema(schemaId), ['x-added'], (path, alts) => {
    if (!path.length || /^\d+$/.test(path[path.length - 1])) return undefined;
    const added = addedIn(annotation<string>(alts, 'x-added'));
    if (!added) return undefined;
    return { added: added.release, atLeast: added.atLeast, framework: keyFramework(schemaId, alts) };
  });
  for (const { path, hit } of hits) {
    const loc = locate(a.root, a.value, path);
    if (loc.key) out.push({ key: loc.key, path, ...hit });
  }
  return out;
}

/** The new key in the same spelling style as the old one (dashes stay dashes). */
export function respell(oldRaw: string, replacement: string): string {
  return oldRaw.includes('-') && !oldRaw.includes('_') ? replacement.replace(/_/g, '-') : replacement;
}

/**
 * Whether renaming the key to its replacement is the whole fix: the replacement is a
 * plain key beside it that accepts the value as written. Replacements that are paths
 * elsewhere (`api_server.traffic.timeout`) or that take a different shape
 * (`speculative_model: x` → `speculative_config: {model: x}`) are said in the message
 * but not offered as a one-click rename.
 */
export function renameFits(a: Omit<Analysis, 'findings'>, k: Lifecycle): boolean {
  const repl = k.replacement;
  const id = a.detection.schema;
  if (!repl || !/^[A-Za-z_][\w-]*$/.test(repl) || !id || !a.value) return false;
  // disable_log_requests → enable_log_requests: the same value would mean the opposite.
  const polarity = (key: string) => (/^(disable|no)_/.test(key) ? -1 : /^enable_/.test(key) ? 1 : 0);
  if (polarity(k.canonical) * polarity(repl.replace(/-/g, '_')) < 0) return false;
  const target = schemaAt(loadSchema(id), [...k.path.slice(0, -1), repl.replace(/-/g, '_')]);
  if (!target.length) return false;
  const types = typesOf(target);
  if (!types.length) return true;
  const v = valueAtPath(a.value.value, k.path);
  const t = v === null || v === undefined ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;
  // A JSON-argument key takes text only when it is JSON (`speculative_model: foo` is not a config).
  if (t === 'string' && types.includes('object') && !/^\s*[{[]/.test(v as string)) return false;
  return types.includes(t) || (t === 'integer' && types.includes('number'));
}

