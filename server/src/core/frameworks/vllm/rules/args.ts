/**
 * Where vLLM engine arguments live in a document: the whole file for `vllm serve
 * --config`, every `engine_kwargs` mapping for Ray Serve LLM. Rules that check
 * combinations of arguments run on each set, and fix them in place.
 */
import type { Analysis } from '../../../analysis';
import { deletePair, insertIntoMap, replaceScalar } from '../../../editing/edits';
import type { Fix } from '../../../rules/rule';
import { locate } from '../../../schema/value';
import type { MapNode, OffsetRange, ScalarNode, TextEditOffsets } from '../../../types';
import { spell } from '../../../rules/capacity/engineArgs';
import { parseHumanInt } from '../../../engineArgs/humanInt';

type A = Omit<Analysis, 'findings'>;

export interface ArgSet {
  /** Path of the arguments' object in the validated value ([] for a vLLM file). */
  path: string[];
  args: Record<string, unknown>;
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

// Some twenty rules ask for the sets of the same analysis; on a large Ray Serve file the
// walk below costs milliseconds, so it runs once per analysed value (read-only result).
const setsMemo = new WeakMap<object, { format: unknown; sets: ArgSet[] }>();

/** Every set of vLLM engine arguments in the document. The result is shared: do not modify it. */
export function argSets(a: A): ArgSet[] {
  if (!a.value) return [];
  const hit = setsMemo.get(a.value);
  if (hit && hit.format === a.detection.format) return hit.sets;
  const sets = findArgSets(a);
  setsMemo.set(a.value, { format: a.detection.format, sets });
  return sets;
}

function findArgSets(a: A): ArgSet[] {
  const v = a.value?.value;
  if (!isObj(v)) return [];
  if (a.detection.format === 'vllm') return [{ path: [], args: v }];
  if (a.detection.format !== 'rayserve') return [];
  // The value is this text's, so an engine_kwargs key is spelled in it (an alias only repeats text that is
  // here) unless an escape spells it; without either, skip a walk of every node of the file.
  if (!a.text.includes('engine_kwargs') && !a.text.includes('\\')) return [];
  const out: ArgSet[] = [];
  // One path mutated along the walk, copied only for a set found: a large file has tens of thousands of nodes.
  const path: string[] = [];
  const walk = (x: unknown, depth: number): void => {
    if (depth > 10) return;
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) {
        path.push(String(i));
        walk(x[i], depth + 1);
        path.pop();
      }
    } else if (isObj(x)) {
      for (const k of Object.keys(x)) {
        const val = x[k];
        if (k === 'engine_kwargs' && isObj(val)) out.push({ path: [...path, k], args: val });
        else {
          path.push(k);
          walk(val, depth + 1);
          path.pop();
        }
      }
    }
  };
  walk(v, 0);
  return out;
}

/** A number as vLLM reads it (`32k`, `1K`, "4096"); undefined for anything else. */
export const intArg = parseHumanInt;

/** Source nodes of one argument. */
export function argNodes(a: A, set: ArgSet, key: string): { key?: ScalarNode; value?: OffsetRange; node?: ScalarNode } {
  if (!a.value || !(key in set.args)) return {};
  const loc = locate(a.root, a.value, [...set.path, key]);
  return { key: loc.key, value: loc.node?.range, node: loc.node?.kind === 'scalar' ? loc.node : undefined };
}

/** Where to report about an argument: its value, else its key, else the start of the set. */
export function argRange(a: A, set: ArgSet, key: string): OffsetRange {
  const n = argNodes(a, set, key);
  if (n.value) return n.value;
  if (n.key) return n.key.range;
  return setKeyRange(a, set);
}

function setKeyRange(a: A, set: ArgSet): OffsetRange {
  if (!a.value || set.path.length === 0) return { start: a.root?.range.start ?? 0, end: a.root?.range.start ?? 0 };
  return locate(a.root, a.value, set.path).key?.range ?? { start: 0, end: 0 };
}

/** The argument set a finding refers to, from the path its rule stored in `data.path`. */
export function setOf(a: A, data: Record<string, unknown> | undefined): ArgSet | undefined {
  const p = data?.path;
  if (!Array.isArray(p) || !p.every((s) => typeof s === 'string')) return undefined;
  return argSets(a).find((s) => s.path.join('\u0000') === (p as string[]).join('\u0000'));
}

/** Sets `key` to `value`: replaces the scalar when present, else adds the key to the set's mapping. */
export function setArg(a: A, set: ArgSet, key: string, value: string | number | boolean): TextEditOffsets | undefined {
  const n = argNodes(a, set, key);
  if (n.node) return replaceScalar(a.text, n.node, value);
  if (n.key) return undefined;
  if (!a.value) return undefined;
  const map = set.path.length === 0 ? a.root : locate(a.root, a.value, set.path).node;
  if (map?.kind !== 'map') return undefined;
  return insertIntoMap(a.text, map as MapNode, `${spell(a, key)}: ${value}`, 'yaml');
}

/** The quick-fix "set `key` to the number the rule stored in `data.value`", for the finding's argument set. */
export function setNumberFix(a: A, data: Record<string, unknown> | undefined, key: string, title: (v: number) => string): Fix[] {
  const set = setOf(a, data);
  const v = data?.value;
  // Suggested sizes are counts and lengths: a file with negative or fractional inputs
  // gets its schema errors, not "set it to -0".
  if (!set || typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) return [];
  const e = setArg(a, set, key, v);
  return e ? [{ title: title(v), edits: [e] }] : [];
}

/** The quick-fix "remove `key` (its whole line)" from the finding's argument set. */
export function removeArgFix(a: A, data: Record<string, unknown> | undefined, key: string): Fix[] {
  const set = setOf(a, data);
  const n = set ? argNodes(a, set, key) : undefined;
  if (!n?.key || !n.value) return [];
  return [{ title: `Remove ${key}`, edits: [deletePair(a.text, { start: n.key.range.start, end: n.value.end })] }];
}
