/**
 * JSON-valued arguments (speculative_config, eplb_config, ...) arrive as a YAML
 * mapping, as dotted keys, or as a JSON string. Rules read the parsed object and
 * report on the field's node when there is one, else on the whole string.
 */
import type { Analysis } from '../../../analysis';
import { locate } from '../../../schema/value';
import type { OffsetRange, ScalarNode } from '../../../types';
import type { ArgSet } from './args';

type A = Omit<Analysis, 'findings'>;

export interface JsonArg {
  obj: Record<string, unknown>;
  /** True when the value is a JSON string: its fields have no nodes of their own. */
  fromString: boolean;
  /** Range of the field's value (or of the whole string). */
  rangeOf(field: string): OffsetRange;
  /** The field's key and value nodes, only for mapping/dotted forms. */
  nodesOf(field: string): { key?: ScalarNode; value?: ScalarNode };
}

export function jsonArg(a: A, set: ArgSet, name: string): JsonArg | undefined {
  const raw = set.args[name];
  const whole = a.value ? locate(a.root, a.value, [...set.path, name]) : undefined;
  const fallback: OffsetRange = whole?.node?.range ?? whole?.key?.range ?? { start: 0, end: 0 };
  if (typeof raw === 'string') {
    try {
      const obj = JSON.parse(raw) as unknown;
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return undefined;
      return { obj: obj as Record<string, unknown>, fromString: true, rangeOf: () => fallback, nodesOf: () => ({}) };
    } catch {
      return undefined;
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !a.value) return undefined;
  const v = a.value;
  const nodesOf = (field: string): { key?: ScalarNode; value?: ScalarNode } => {
    if (!(field in (raw as object))) return {};
    const l = locate(a.root, v, [...set.path, name, field]);
    return { key: l.key, value: l.node?.kind === 'scalar' ? l.node : undefined };
  };
  return {
    obj: raw as Record<string, unknown>,
    fromString: false,
    rangeOf: (field) => nodesOf(field).value?.range ?? nodesOf(field).key?.range ?? fallback,
    nodesOf,
  };
}
