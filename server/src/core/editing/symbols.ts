/** The outline: the config's structure, with list items named by their `name` key. */
import type { SourceNode, OffsetRange } from '../types';

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: 'object' | 'array' | 'property';
  range: OffsetRange;
  selectionRange: OffsetRange;
  children: OutlineSymbol[];
}

const MAX_SYMBOLS = 5000;
const MAX_DEPTH = 8;

export function outline(root: SourceNode | null): OutlineSymbol[] {
  let budget = MAX_SYMBOLS;
  const walk = (n: SourceNode | null, depth: number): OutlineSymbol[] => {
    if (!n || depth > MAX_DEPTH || budget <= 0) return [];
    if (n.kind === 'map') {
      const out: OutlineSymbol[] = [];
      for (const p of n.pairs) {
        if (budget-- <= 0) break;
        const v = p.value;
        out.push({
          name: String(p.key.value ?? ''),
          detail: v?.kind === 'scalar' ? String(v.value ?? '') : undefined,
          kind: v?.kind === 'map' ? 'object' : v?.kind === 'seq' ? 'array' : 'property',
          range: p.range,
          selectionRange: p.key.range,
          children: walk(v, depth + 1),
        });
      }
      return out;
    }
    if (n.kind === 'seq') {
      const out: OutlineSymbol[] = [];
      n.items.forEach((it, i) => {
        if (budget-- <= 0) return;
        out.push({ name: itemName(it) ?? `[${i}]`, kind: it.kind === 'map' ? 'object' : 'property', range: it.range, selectionRange: it.range, children: walk(it, depth + 1) });
      });
      return out;
    }
    return [];
  };
  return walk(root, 0);
}

function itemName(n: SourceNode): string | undefined {
  if (n.kind === 'scalar') return String(n.value ?? '');
  if (n.kind !== 'map') return undefined;
  for (const k of ['name', 'model_name', 'key']) {
    const p = n.pairs.find((x) => x.key.value === k);
    if (p?.value?.kind === 'scalar') return String(p.value.value);
  }
  const mlc = n.pairs.find((x) => x.key.value === 'model_loading_config');
  if (mlc?.value?.kind === 'map') {
    const id = mlc.value.pairs.find((x) => x.key.value === 'model_id');
    if (id?.value?.kind === 'scalar') return String(id.value.value);
  }
  return undefined;
}
