/**
 * KV-cache sizing of a TensorRT-LLM engine served by Triton's tensorrtllm
 * backend. Unlike vLLM there is no profile run: the runtime loads the engine,
 * allocates its buffers, then gives `kv_cache_free_gpu_mem_fraction` of the
 * memory still free to KV blocks, capped by `max_tokens_in_paged_kv_cache`
 * (NVIDIA/TensorRT-LLM cpp/tensorrt_llm/batch_manager/kvCacheManager.cpp,
 * calculateFreeMemBytes / calculateMaxNumBlocks). Batch size and sequence length
 * are fixed when the engine is built, so they come from its config.json.
 */
import { GIB, TRTLLM } from './calibration';
import { kvLayout } from './kvcache';
import type { TrtllmEngine } from './trtllmEngine';
import type { GpuSpec, MemoryBreakdown, StartupProblem } from './types';
import { weightsPerGpu } from './weights';

/** The engine (from its config.json) on a GPU, with the tensorrt_llm model's KV parameters. */
export interface TrtllmConfig extends TrtllmEngine {
  gpu: GpuSpec;
  /** `kv_cache_free_gpu_mem_fraction`; the runtime's default is 0.9. */
  freeMemFraction?: number;
  /** `max_tokens_in_paged_kv_cache`. */
  maxTokens?: number;
}

/** Per-GPU memory of a TensorRT-LLM engine, in the same shape the vLLM model reports. Never throws. */
export function estimateTrtllmMemory(cfg: TrtllmConfig): MemoryBreakdown {
  const { arch, gpu, tp, pp } = cfg;
  const problems: StartupProblem[] = [];
  const assumptions: string[] = [];
  const total = gpu.memoryGib * GIB;
  const w = weightsPerGpu(arch, tp, pp, cfg.dtypeBytes, cfg.quant);
  assumptions.push(...w.assumptions);
  const weights = w.bytesPerGpu;
  const runtime = TRTLLM.runtimeOverheadGib * GIB;
  const fraction = cfg.freeMemFraction ?? TRTLLM.defaultFreeMemFraction;
  const tokensPerBlock = cfg.tokensPerBlock ?? TRTLLM.defaultTokensPerBlock;
  if (cfg.freeMemFraction === undefined) assumptions.push(`kv_cache_free_gpu_mem_fraction ${TRTLLM.defaultFreeMemFraction} (the runtime default)`);
  if (cfg.tokensPerBlock === undefined) assumptions.push(`${TRTLLM.defaultTokensPerBlock} tokens per block (the engine's config.json did not say)`);
  assumptions.push(`~${TRTLLM.runtimeOverheadGib} GiB for the engine's activations, runtime buffers, decoder and CUDA context before the KV cache is sized`);

  const free = Math.max(0, total - weights - runtime);
  const layout = kvLayout(arch, tp, pp, cfg.kvDtypeBytes);
  const bytesPerToken = layout.bytesPerTokenPerLayer * (layout.fullLayers + layout.slidingLayers);
  let tokens = bytesPerToken > 0 ? Math.floor((free * fraction) / bytesPerToken) : 0;
  if (cfg.maxTokens !== undefined && cfg.maxTokens > 0 && cfg.maxTokens < tokens) {
    tokens = cfg.maxTokens;
    assumptions.push(`max_tokens_in_paged_kv_cache ${cfg.maxTokens} caps the pool below what the fraction allows`);
  }
  const blocks = Math.ceil(tokens / tokensPerBlock);
  tokens = blocks * tokensPerBlock;
  const kvBytes = tokens * bytesPerToken;

  if (weights > total) {
    problems.push({
      code: 'weights-exceed-gpu',
      severity: 'error',
      message: `The engine's weights need ${(weights / GIB).toFixed(2)} GiB per GPU but ${gpu.id} has ${gpu.memoryGib.toFixed(2)} GiB: loading runs out of memory. Build the engine for more GPUs (tp_size) or with a quantized checkpoint.`,
      setting: 'gpt_model_path',
    });
  } else if (tokens < cfg.maxSeqLen) {
    // The runtime does not refuse to start: it shrinks the attention window to what one sequence can hold.
    problems.push({
      code: 'max-len-exceeds-kv',
      severity: 'warning',
      message: `The KV cache holds ${tokens} tokens, fewer than the engine's max_seq_len ${cfg.maxSeqLen}: TensorRT-LLM shrinks the attention window and max_seq_len to fit one sequence. Raise kv_cache_free_gpu_mem_fraction or max_tokens_in_paged_kv_cache, or build the engine for more GPUs.`,
      setting: 'kv_cache_free_gpu_mem_fraction',
      maxModelLenThatFits: tokens,
    });
  }
  const perSeq = Math.ceil(cfg.maxSeqLen / tokensPerBlock);
  if (cfg.maxBatchSize && perSeq > 0 && blocks / perSeq > cfg.maxBatchSize) {
    assumptions.push(`the engine's max_batch_size ${cfg.maxBatchSize} caps concurrency below the ${Math.floor(blocks / perSeq)} full-length sequences the KV cache holds`);
  }
  const errors = problems.filter((p) => p.severity === 'error');
  return {
    totalGib: gpu.memoryGib,
    budgetGib: (weights + runtime + kvBytes) / GIB,
    weightsGib: weights / GIB,
    activationGib: runtime / GIB,
    nonTorchGib: 0,
    cudaGraphGib: 0,
    kvCacheGib: kvBytes / GIB,
    kvCacheTokens: errors.length ? 0 : tokens,
    numGpuBlocks: blocks,
    kvBytesPerToken: bytesPerToken,
    maxConcurrency: errors.length || perSeq === 0 ? 0 : blocks / perSeq,
    maxModelLen: cfg.maxSeqLen,
    maxNumBatchedTokens: 0,
    maxNumSeqs: cfg.maxBatchSize ?? 0,
    fits: errors.length === 0,
    problems,
    assumptions,
  };
}
