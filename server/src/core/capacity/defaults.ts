/**
 * vLLM's defaults and spellings applied to an estimate's input: which quantization
 * method a `--quantization` flag means, the dtype the weights and the KV cache are
 * served in, and the scheduler limits vLLM picks when the user sets none, per engine
 * generation and GPU class. Every default it applies is listed for the assumptions.
 */
import type { ResolvedConfig } from './memory';
import type { EstimateInput, GpuSpec, ModelArch, QuantizationInfo } from './types';
import { dtypeBytes } from './weights';
import { MEMORY } from './calibration';
import { compareVersions } from '../version';

/** Maps `--quantization` / config spellings onto the weight-size model's methods. */
export function quantFromFlag(flag: string | undefined, arch: ModelArch): QuantizationInfo | undefined {
  if (!flag) return arch.quantization;
  const f = flag.toLowerCase().replace(/_marlin$/, '');
  if (arch.quantization && arch.quantization.method.toLowerCase() === f) return arch.quantization;
  if (f === 'fp8' || f === 'fbgemm_fp8' || f === 'ptpc_fp8') return { method: 'fp8', bits: 8 };
  if (f === 'awq' || f === 'gptq') return arch.quantization ?? { method: f, bits: 4, groupSize: 128 };
  if (f === 'bitsandbytes') return arch.quantization ?? { method: 'bitsandbytes', bits: 4, groupSize: 64 };
  if (f === 'mxfp4') return { method: 'mxfp4', bits: 4, groupSize: 32, expertsOnly: true };
  if (f === 'experts_int8') return { method: 'int8', bits: 8, expertsOnly: true };
  if (f === 'compressed-tensors' || f === 'modelopt' || f === 'modelopt_fp4') return arch.quantization ?? { method: f === 'modelopt_fp4' ? 'nvfp4' : f, bits: 8 };
  return arch.quantization ?? { method: f };
}

export function servedDtypeBytes(dtype: string | undefined, arch: ModelArch): number {
  const d = (dtype ?? 'auto').toLowerCase();
  if (d === 'auto') {
    // vLLM serves float32 checkpoints in 16-bit unless told otherwise.
    return 2;
  }
  return dtypeBytes(d);
}

function kvBytes(kvCacheDtype: string | undefined, modelDtypeBytes: number): number {
  const d = (kvCacheDtype ?? 'auto').toLowerCase();
  if (d.startsWith('fp8') || d === 'int8') return 1;
  // "auto" is the dtype the model is served in, fp32 included: vllm/v1/worker/gpu_model_runner.py sets
  // kv_cache_dtype = self.dtype, and V0's vllm/worker/cache_engine.py does the same with model_config.dtype.
  if (d === 'auto') return modelDtypeBytes;
  return dtypeBytes(d);
}

/** True when `version` names a vLLM release older than `since` (false when no release is named). */
function releaseBefore(version: string | undefined, since: string): boolean {
  return version !== undefined && /^v?\d/.test(version) && compareVersions(version.replace(/^v/, ''), since) < 0;
}

/** Applies vLLM's defaults (V1 engine, OpenAI server usage context) to the input. */
export function resolveConfig(input: EstimateInput, arch: ModelArch, gpu: GpuSpec): ResolvedConfig {
  const defaulted: string[] = [];
  const engine = input.engine ?? 'v1';
  const tp = Math.max(1, Math.floor(input.tensorParallel ?? 1));
  const pp = Math.max(1, Math.floor(input.pipelineParallel ?? 1));
  const util = input.gpuMemoryUtilization ?? (defaulted.push('gpu_memory_utilization=0.9'), 0.9);
  const knownLen = arch.maxPositionEmbeddings > 0;
  const maxModelLen =
    input.maxModelLen ??
    (knownLen
      ? (defaulted.push(`max_model_len=${arch.maxPositionEmbeddings} (from the model)`), arch.maxPositionEmbeddings)
      : (defaulted.push('max_model_len=8192 (the model\'s context length is unknown: set max_model_len)'), 8192));
  // vLLM's larger defaults apply to ≥70 GiB GPUs other than the A100.
  const bigGpu = gpu.memoryGib >= 70 && !/a100/i.test(gpu.id);
  let chunked: boolean;
  let maxNumBatchedTokens: number;
  let maxNumSeqs: number;
  if (engine === 'v0') {
    chunked = input.enableChunkedPrefill ?? maxModelLen > 32768;
    maxNumSeqs = input.maxNumSeqs ?? 256;
    maxNumBatchedTokens = input.maxNumBatchedTokens ?? (chunked ? 2048 : Math.max(maxModelLen, 2048));
  } else {
    chunked = input.enableChunkedPrefill ?? true;
    maxNumSeqs = input.maxNumSeqs ?? (bigGpu ? 1024 : 256);
    maxNumBatchedTokens = input.maxNumBatchedTokens ?? (chunked ? (bigGpu ? 8192 : 2048) : Math.max(maxModelLen, bigGpu ? 8192 : 2048));
  }
  if (input.maxNumSeqs === undefined) defaulted.push(`max_num_seqs=${maxNumSeqs}`);
  if (input.maxNumBatchedTokens === undefined) defaulted.push(`max_num_batched_tokens=${maxNumBatchedTokens}`);
  const dtypeB = servedDtypeBytes(input.dtype, arch);
  return {
    arch,
    gpu,
    tp,
    pp,
    gpuMemoryUtilization: util,
    maxModelLen,
    maxNumSeqs,
    maxNumBatchedTokens,
    chunkedPrefill: chunked,
    dtypeBytes: dtypeB,
    quant: quantFromFlag(input.quantization, arch),
    kvDtypeBytes: kvBytes(input.kvCacheDtype, dtypeB),
    enforceEager: input.enforceEager ?? false,
    engine,
    allowLongMaxModelLen: input.allowLongMaxModelLen ?? false,
    // A release named before the warm-up existed skips it (MEMORY.samplerWarmupSince).
    samplerWarmup: engine === 'v1' && !releaseBefore(input.vllmVersion, MEMORY.samplerWarmupSince),
    cudaGraphsInBudget: engine === 'v1' && input.vllmVersion !== undefined && /^v?\d/.test(input.vllmVersion) && !releaseBefore(input.vllmVersion, MEMORY.cudaGraphProfiledSince),
    defaulted,
  };
}

