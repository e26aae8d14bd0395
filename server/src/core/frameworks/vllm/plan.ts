/**
 * vLLM engine arguments → ServedDeployment. Shared by the vLLM adapter (arguments at
 * the top level) and Ray Serve LLM (arguments under `engine_kwargs`).
 */
import type { ServedDeployment, Sourced } from '../../plan';
import type { OffsetRange, SourceNode } from '../../types';
import type { ValueWithOrigins } from '../../schema/value';
import { isBool, isNum, isStr, sourced } from '../sourced';

/**
 * vLLM reads sizes such as `max_model_len: 32k`: lower-case suffixes are decimal
 * (k = 1000), upper-case binary (K = 1024), per its human-readable int parser.
 */
export function parseHumanInt(x: unknown): number | undefined {
  if (typeof x === 'number') return Number.isFinite(x) ? x : undefined;
  if (typeof x !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kKmMgG]?)\s*$/.exec(x);
  if (!m) return undefined;
  const n = Number(m[1]);
  const mult: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };
  return Math.round(n * mult[m[2]]);
}

const isHumanInt = (x: unknown): x is number | string => parseHumanInt(x) !== undefined;

function humanInt(s: Sourced<number | string> | undefined): Sourced<number> | undefined {
  if (!s) return undefined;
  return { ...s, value: parseHumanInt(s.value)! };
}

export function planFromEngineArgs(
  root: SourceNode | null,
  v: ValueWithOrigins,
  base: string[],
  name: string,
  range: OffsetRange,
): ServedDeployment {
  const at = <T>(key: string, accept: (x: unknown) => x is T) => sourced(root, v, [...base, key], accept, [...base, key].join('.'));
  return {
    name,
    range,
    engine: 'vllm',
    model: {
      id: at('model', isStr),
      dtype: at('dtype', isStr),
      quantization: at('quantization', isStr),
      kvCacheDtype: at('kv_cache_dtype', isStr),
      maxModelLen: humanInt(at('max_model_len', isHumanInt)),
      trustRemoteCode: at('trust_remote_code', isBool),
    },
    hardware: {},
    parallelism: {
      tensor: at('tensor_parallel_size', isNum),
      pipeline: at('pipeline_parallel_size', isNum),
      data: at('data_parallel_size', isNum),
      expert: at('enable_expert_parallel', isBool),
    },
    replicas: {},
    admission: {
      maxNumSeqs: at('max_num_seqs', isNum),
      maxNumBatchedTokens: humanInt(at('max_num_batched_tokens', isHumanInt)),
      enableChunkedPrefill: at('enable_chunked_prefill', isBool),
      gpuMemoryUtilization: at('gpu_memory_utilization', isNum),
      enforceEager: at('enforce_eager', isBool),
    },
  };
}
