/**
 * Triton `config.pbtxt`: repeated fields come from the schema (a field is repeated when
 * the schema says array), because the text format writes `input {..} input {..}` and
 * `input [ {..}, {..} ]` for the same thing and a single occurrence looks singular.
 */
import type { FrameworkAdapter } from '../adapter';
import { toValue } from '../../schema/value';
import { loadSchema, type JsonSchema } from '../../schema/registry';
import { child, alternatives, typesOf } from '../../schema/navigate';
import { planFromTriton } from './plan';
import { readCompanions } from './companions';

const repeatedCache = new Map<string, boolean>();

function isRepeated(path: readonly string[]): boolean {
  const names = path.filter((s) => !/^\d+$/.test(s));
  const key = names.join('.');
  let hit = repeatedCache.get(key);
  if (hit !== undefined) return hit;
  let schema: JsonSchema;
  try {
    schema = loadSchema('triton');
  } catch {
    return false;
  }
  let cur = alternatives(schema, schema);
  for (let i = 0; i < names.length; i++) {
    const next: typeof cur = [];
    for (const c of cur) {
      // Step through arrays transparently: a repeated message's fields are under items.
      const holders = typesOf([c]).includes('array') && c.schema.items ? alternatives(c.schema.items as JsonSchema, c.root) : [c];
      for (const h of holders) next.push(...child(h.schema, h.root, names[i]));
    }
    cur = next;
  }
  hit = cur.length > 0 && typesOf(cur).includes('array');
  repeatedCache.set(key, hit);
  return hit;
}

export const tritonAdapter: FrameworkAdapter = {
  noun: 'Triton model config field',
  toValue(input, findings) {
    return toValue(input.root, {
      isRepeated,
      onDuplicate: (first, second) =>
        findings.push({
          code: 'triton/duplicate-field',
          severity: 'error',
          message: `"${second.source}" is given more than once, but it is not a repeated field; Triton rejects the config ("Non-repeated field ... is specified multiple times").`,
          range: second.range,
          related: [{ range: first.range, message: 'first given here' }],
        }),
    });
  },
  plan: planFromTriton,
  companions: readCompanions,
};
