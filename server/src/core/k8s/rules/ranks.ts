/** The parallel sizes of an embedded vLLM deployment, as vLLM reads them: a missing or invalid size is 1. */
import type { ServedDeployment } from '../../plan';

const size = (s: { value: unknown } | undefined) => (typeof s?.value === 'number' && s.value >= 1 ? s.value : 1);

export function parallelSizes(d: ServedDeployment): { tp: number; pp: number; dp: number } {
  return { tp: size(d.parallelism.tensor), pp: size(d.parallelism.pipeline), dp: size(d.parallelism.data) };
}
