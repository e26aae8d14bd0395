/** Reads a value at a path together with where it came from, for ServingPlan fields. */
import type { Sourced } from '../plan';
import type { SourceNode } from '../types';
import { locate, type ValueWithOrigins } from '../schema/value';
import { own } from '../own';

export function valueAtPath(v: unknown, path: readonly string[]): unknown {
  let cur = v;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = own(cur as Record<string, unknown>, seg);
  }
  return cur;
}

export function sourced<T>(
  root: SourceNode | null,
  v: ValueWithOrigins,
  path: readonly string[],
  accept: (x: unknown) => x is T,
  displayPath?: string,
): Sourced<T> | undefined {
  const raw = valueAtPath(v.value, path);
  if (raw === undefined || raw === null || !accept(raw)) return undefined;
  const loc = locate(root, v, path);
  return { value: raw, range: loc.node?.range, keyRange: loc.key?.range, path: displayPath ?? path.join('.') };
}

export const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
export const isStr = (x: unknown): x is string => typeof x === 'string';
export const isBool = (x: unknown): x is boolean => typeof x === 'boolean';

/** Accepts numbers written as strings too ("4096"), as argparse would. */
export const isNumLike = (x: unknown): x is number => isNum(x) || (typeof x === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(x));

export function num(s: { value: unknown } | undefined): number | undefined {
  if (!s) return undefined;
  return typeof s.value === 'number' ? s.value : Number(s.value);
}
