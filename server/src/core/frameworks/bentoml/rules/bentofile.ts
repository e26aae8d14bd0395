/** Shared reading of a bentofile's docker/conda sections for the bentoml rules. */
import type { Analysis } from '../../../analysis';
import { locate } from '../../../schema/value';
import type { OffsetRange, ScalarNode } from '../../../types';

export type A = Omit<Analysis, 'findings'>;
export type Obj = Record<string, unknown>;
export const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Distros whose BentoML images ship miniconda (container frontend `miniconda` spec). */
export const CONDA_DISTROS = ['debian', 'alpine'];
/** Distros with CUDA images (the others have no supported CUDA versions). */
export const CUDA_DISTROS = ['debian', 'ubi8'];

export interface Bentofile {
  root: Obj;
  docker: Obj;
  conda?: Obj;
}

export function bentofile(a: A): Bentofile | undefined {
  if (a.detection.schema !== 'bentofile') return undefined;
  const root = a.value?.value;
  if (!isObj(root)) return undefined;
  return { root, docker: isObj(root.docker) ? root.docker : {}, conda: isObj(root.conda) ? root.conda : undefined };
}

const filled = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : typeof v === 'string' ? v !== '' : v !== undefined && v !== null && v !== false);

/** BentoML's "use conda" test (`CondaOptions.is_empty`): any conda option that is non-empty. */
export function usesConda(conda: Obj | undefined): boolean {
  if (!conda) return false;
  return ['environment_yml', 'channels', 'dependencies', 'pip'].some((k) => filled(conda[k]));
}

/** BentoML's "no CUDA" values for cuda_version. */
export function noCuda(v: unknown): boolean {
  return v === undefined || v === null || v === '' || v === 'None';
}

export { deletePair } from '../../../editing/edits';

export function rangeAt(a: A, path: readonly string[]): OffsetRange {
  if (!a.value) return a.root?.range ?? { start: 0, end: 0 };
  const l = locate(a.root, a.value, path);
  return l.node?.range ?? l.key?.range ?? a.root?.range ?? { start: 0, end: 0 };
}

export function keyRangeAt(a: A, path: readonly string[]): OffsetRange {
  if (!a.value) return a.root?.range ?? { start: 0, end: 0 };
  const l = locate(a.root, a.value, path);
  return l.key?.range ?? l.node?.range ?? a.root?.range ?? { start: 0, end: 0 };
}

export function scalarAt(a: A, path: readonly string[]): ScalarNode | undefined {
  if (!a.value) return undefined;
  const n = locate(a.root, a.value, path).node;
  return n?.kind === 'scalar' ? n : undefined;
}
