/**
 * The estimate table shown when hovering a key that shapes capacity (model,
 * parallelism, memory and batching keys). Filled in by the capacity model.
 */
import type { Analysis } from '../analysis';
import type { PairNode } from '../types';

export function capacityHover(_a: Omit<Analysis, 'findings'>, _pair: PairNode, _path: string[]): string | undefined {
  return undefined;
}
