/**
 * How `vllm serve --config` reads keys: vLLM turns each YAML key into `--key`, and
 * its argument parser treats `-` and `_` alike, so `tensor-parallel-size` and
 * `tensor_parallel_size` are the same argument. Boolean flags declared with
 * BooleanOptionalAction also accept `no-<flag>`, and JSON-valued arguments accept
 * dotted sub-keys (`compilation_config.cudagraph_mode`).
 */
import { loadSchema, type JsonSchema } from '../../schema/registry';
import type { KeyMapping } from '../../schema/value';
import { distance } from 'fastest-levenshtein';

interface KeyTable {
  props: Record<string, JsonSchema>;
}

let table: KeyTable | undefined;

function keys(): KeyTable {
  if (!table) {
    let props: Record<string, JsonSchema> = {};
    try {
      props = (loadSchema('vllm').properties ?? {}) as Record<string, JsonSchema>;
    } catch {
      // No schema on disk: detection simply won't claim vLLM files.
    }
    table = { props };
  }
  return table;
}

export function canonical(key: string): string {
  return key.trim().replace(/^--/, '').replace(/-/g, '_');
}

/** Maps a top-level key to its canonical argument path. */
export function mapVllmKey(raw: string, path: readonly string[]): KeyMapping | undefined {
  if (path.length) return undefined;
  const { props } = keys();
  const key = canonical(raw);
  if (props[key]) return { path: [key] };
  if (key.startsWith('no_')) {
    const base = key.slice(3);
    if (props[base]?.['x-negatable']) return { path: [base], negate: true };
  }
  const dot = key.indexOf('.');
  if (dot > 0) {
    const head = key.slice(0, dot);
    if (props[head]?.['x-json']) return { path: [head, ...raw.slice(raw.indexOf('.') + 1).split('.')] };
  }
  return { path: [key] };
}

export function isVllmKey(raw: string): boolean {
  const m = mapVllmKey(raw, []);
  return !!m && !!keys().props[m.path[0]];
}

/** A key that is probably a vLLM argument misspelt or half typed. */
export function isNearVllmKey(raw: string): boolean {
  const key = canonical(raw);
  if (key.length < 4) return false;
  for (const name of Object.keys(keys().props)) {
    if (name.startsWith(key)) return true;
    if (Math.abs(name.length - key.length) <= 2 && distance(name, key) <= 2) return true;
  }
  return false;
}

/** Renders a canonical name the way this file spells its keys (dashes or underscores). */
export function spellerFor(rawKeys: string[]): (canonicalName: string) => string {
  const dashed = rawKeys.filter((k) => k.includes('-')).length;
  const under = rawKeys.filter((k) => k.includes('_')).length;
  return dashed > under ? (k) => k.replace(/_/g, '-') : (k) => k;
}
