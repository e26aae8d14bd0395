/**
 * vLLM engine arguments → ServedDeployment, one field per row of the
 * engine-argument table (core/engineArgs/table.ts). Shared by the vLLM adapter (arguments at
 * the top level) and Ray Serve LLM (arguments under `engine_kwargs`).
 */
import type { ServedDeployment } from '../plan';
import type { OffsetRange, SourceNode } from '../types';
import type { ValueWithOrigins } from '../schema/value';
import { sourced } from '../frameworks/sourced';
import { planFields } from './planFields';

export function planFromEngineArgs(
  root: SourceNode | null,
  v: ValueWithOrigins,
  base: string[],
  name: string,
  range: OffsetRange,
): ServedDeployment {
  const read = (key: string, accept: (x: unknown) => x is unknown) => sourced(root, v, [...base, key], accept, [...base, key].join('.'));
  const f = planFields(read);
  return { name, range, engine: 'vllm', model: f.model, hardware: {}, parallelism: f.parallelism, replicas: {}, admission: f.admission };
}
