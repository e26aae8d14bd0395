/**
 * Visits a value alongside the schema that describes it, for checks that depend on
 * schema annotations (deprecated/removed keys, nested validation of engine_kwargs).
 */
import type { JsonSchema } from './registry';
import { alternatives, child } from './navigate';

export type Alts = { schema: JsonSchema; root: JsonSchema }[];

export function walkWithSchema(
  value: unknown,
  schema: JsonSchema,
  visit: (path: string[], value: unknown, alts: Alts) => boolean | void,
  maxNodes = 200_000,
): void {
  const stack: { path: string[]; value: unknown; alts: Alts }[] = [{ path: [], value, alts: alternatives(schema, schema) }];
  let seen = 0;
  while (stack.length && seen++ < maxNodes) {
    const cur = stack.pop()!;
    // A visitor returns false to stop descending (the sub-tree is handled elsewhere).
    if (visit(cur.path, cur.value, cur.alts) === false) continue;
    if (!cur.alts.length || cur.value === null || typeof cur.value !== 'object') continue;
    const entries: [string, unknown][] = Array.isArray(cur.value) ? cur.value.map((v, i) => [String(i), v]) : Object.entries(cur.value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, v] = entries[i];
      // One alternative (the common case): child()'s memoised list is used as is, no copy.
      let next: Alts;
      if (cur.alts.length === 1) next = child(cur.alts[0].schema, cur.alts[0].root, k);
      else {
        next = [];
        for (const a of cur.alts) next.push(...child(a.schema, a.root, k));
      }
      stack.push({ path: [...cur.path, k], value: v, alts: next });
    }
  }
}
