/**
 * SourceTree → plain JSON value for ajv, remembering where every object key and
 * array item came from so an ajv `instancePath` can be walked back to a node.
 */
import { own, setOwn } from '../own';
import type { MapNode, ScalarNode, SourceNode } from '../types';

export interface Origin {
  node: SourceNode;
  /** For objects: property → the key node and value node that produced it. */
  keys?: Map<string, { key: ScalarNode; value: SourceNode | null }>;
  /** For arrays: item index → value node. */
  items?: (SourceNode | null)[];
}

export interface KeyMapping {
  /** Path segments the key expands to (dotted vLLM keys become nested). */
  path: string[];
  /** `no-enable-x: true` means `enable_x: false`. */
  negate?: boolean;
}

export interface ToValueOptions {
  /** Rewrites a key, given the path of the object holding it. */
  mapKey?: (key: string, path: readonly string[]) => KeyMapping | undefined;
  /** Protobuf text format: is this field repeated (collect occurrences into an array)? */
  isRepeated?: (path: readonly string[]) => boolean;
  /** Reports a singular field given more than once (pbtxt), or a key set twice (YAML). */
  onDuplicate?: (first: ScalarNode, second: ScalarNode, path: readonly string[]) => void;
}

export interface ValueWithOrigins {
  value: unknown;
  origins: WeakMap<object, Origin>;
}

export function toValue(root: SourceNode | null, opts: ToValueOptions = {}): ValueWithOrigins {
  const origins = new WeakMap<object, Origin>();
  const convert = (n: SourceNode | null, path: string[]): unknown => {
    if (!n) return null;
    if (n.kind === 'scalar') return n.value;
    if (n.kind === 'seq') {
      const arr: unknown[] = [];
      const items: (SourceNode | null)[] = [];
      n.items.forEach((it, i) => {
        arr.push(convert(it, [...path, String(i)]));
        items.push(it);
      });
      origins.set(arr, { node: n, items });
      return arr;
    }
    return convertMap(n, path);
  };

  const convertMap = (n: MapNode, path: string[]): Record<string, unknown> => {
    const obj: Record<string, unknown> = {};
    const keys = new Map<string, { key: ScalarNode; value: SourceNode | null }>();
    origins.set(obj, { node: n, keys });
    for (const pair of n.pairs) {
      const raw = pair.key.value === null ? '' : String(pair.key.value);
      if (raw === '<<' && pair.value) {
        mergeInto(obj, keys, pair, path);
        continue;
      }
      const mapped = opts.mapKey?.(raw, path) ?? { path: [raw] };
      // Dotted keys create intermediate objects that borrow this pair's nodes as their origin.
      let target = obj;
      let targetKeys = keys;
      for (let i = 0; i < mapped.path.length - 1; i++) {
        const seg = mapped.path[i];
        let next = own(target, seg);
        if (typeof next !== 'object' || next === null || Array.isArray(next)) {
          next = {};
          setOwn(target, seg, next);
          targetKeys.set(seg, { key: pair.key, value: pair.value });
          origins.set(next as object, { node: pair.value ?? pair.key, keys: new Map() });
        }
        target = next as Record<string, unknown>;
        targetKeys = origins.get(target)!.keys!;
      }
      const leaf = mapped.path[mapped.path.length - 1];
      const childPath = [...path, ...mapped.path];
      let v = convert(pair.value, childPath);
      if (mapped.negate && typeof v === 'boolean') v = !v;
      if (opts.isRepeated?.(childPath)) {
        let arr = own(target, leaf) as unknown[] | undefined;
        if (!Array.isArray(arr)) {
          arr = [];
          setOwn(target, leaf, arr);
          targetKeys.set(leaf, { key: pair.key, value: pair.value });
          origins.set(arr, { node: pair.value ?? pair.key, items: [] });
        }
        const o = origins.get(arr)!;
        // `input [ {..}, {..} ]` and repeated `input {..}` blocks mean the same thing.
        if (pair.value?.kind === 'seq' && Array.isArray(v)) {
          arr.push(...v);
          o.items!.push(...pair.value.items);
        } else {
          arr.push(v);
          o.items!.push(pair.value);
        }
        continue;
      }
      const prev = targetKeys.get(leaf);
      if (prev && Object.hasOwn(target, leaf)) opts.onDuplicate?.(prev.key, pair.key, childPath);
      setOwn(target, leaf, v);
      targetKeys.set(leaf, { key: pair.key, value: pair.value });
    }
    return obj;
  };

  const mergeInto = (
    obj: Record<string, unknown>,
    keys: Map<string, { key: ScalarNode; value: SourceNode | null }>,
    pair: { value: SourceNode | null },
    path: string[],
  ): void => {
    const sources = pair.value?.kind === 'seq' ? pair.value.items : [pair.value];
    for (const s of sources) {
      if (!s || s.kind !== 'map') continue;
      const merged = convertMap(s, path);
      const mo = origins.get(merged)!;
      for (const [k, val] of Object.entries(merged)) {
        if (Object.hasOwn(obj, k)) continue;
        setOwn(obj, k, val);
        keys.set(k, mo.keys!.get(k)!);
      }
    }
  };

  return { value: convert(root, []), origins };
}

export interface Located {
  /** The value node at the path (null when the key has no value). */
  node: SourceNode | null;
  /** The key that holds it, when the last step was an object property. */
  key?: ScalarNode;
}

/** Walks a JSON-pointer-like path (already split) back to source nodes. */
export function locate(root: SourceNode | null, v: ValueWithOrigins, path: readonly string[]): Located {
  let cur: unknown = v.value;
  let loc: Located = { node: root };
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') break;
    const o = v.origins.get(cur as object);
    if (!o) break;
    if (Array.isArray(cur)) {
      const i = Number(seg);
      loc = { node: o.items?.[i] ?? o.node, key: loc.key };
      cur = cur[i];
    } else {
      const hit = o.keys?.get(seg);
      if (!hit) break;
      loc = { node: hit.value, key: hit.key };
      cur = own(cur as Record<string, unknown>, seg);
    }
  }
  return loc;
}

/** Splits an ajv instancePath (`/a/b~1c`) into segments. */
export function splitPointer(p: string): string[] {
  if (!p) return [];
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
