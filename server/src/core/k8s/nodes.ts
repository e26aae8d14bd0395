/** Small readers of a manifest's source tree; a missing or mistyped field is undefined, never a throw. */
import type { MapNode, ScalarNode, SeqNode, SourceNode } from '../types';

export function field(node: SourceNode | null | undefined, ...path: string[]): SourceNode | undefined {
  let at: SourceNode | null | undefined = node;
  for (const key of path) {
    if (at?.kind !== 'map') return undefined;
    at = at.pairs.find((p) => p.key.value === key)?.value;
  }
  return at ?? undefined;
}

export const asMap = (n: SourceNode | undefined): MapNode | undefined => (n?.kind === 'map' ? n : undefined);
export const asSeq = (n: SourceNode | undefined): SeqNode | undefined => (n?.kind === 'seq' ? n : undefined);
export const asScalar = (n: SourceNode | undefined): ScalarNode | undefined => (n?.kind === 'scalar' ? n : undefined);

export function str(node: SourceNode | undefined, ...path: string[]): string | undefined {
  const v = asScalar(field(node, ...path))?.value;
  return typeof v === 'string' ? v : undefined;
}

/** A count as Kubernetes writes it: `2` or the quantity string `"2"`. */
export function count(node: SourceNode | undefined, ...path: string[]): number | undefined {
  const v = asScalar(field(node, ...path))?.value;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : undefined;
  return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
}
