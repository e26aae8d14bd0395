/**
 * Per-GPU memory budget of a vLLM server, following the engine's startup:
 * budget = gpu_memory_utilization × total memory; minus the weights, the
 * torch peak of the profile run (the larger of a forward of
 * max_num_batched_tokens and the dummy sampler on max_num_seqs rows of logits)
 * and the non-torch growth (NCCL, workspaces); the rest becomes KV-cache
 * blocks. CUDA graphs are captured after the KV cache is allocated and come
 * out of the headroom.
 */
import { GIB, MEMORY } from './calibration';
import { kvCapacity, kvLayout } from './kvcache';
import type { GpuSpec, MemoryBreakdown, ModelArch, QuantizationInfo, StartupProblem } from './types';
import { weightsPerGpu } from './weights';

/** The settings the memory model needs, with vLLM's defaults already applied. */
export interface ResolvedConfig {
  arch: ModelArch;
  gpu: GpuSpec;
  tp: number;
  pp: number;
  gpuMemoryUtilization: number;
  maxModelLen: number;
  maxNumSeqs: number;
  maxNumBatchedTokens: number;
  chunkedPrefill: boolean;
  /** Activation / unquantized weight dtype bytes (2 for bf16/fp16). */
  dtypeBytes: number;
  quant?: QuantizationInfo;
  kvDtypeBytes: number;
  enforceEager: boolean;
  engine: 'v1' | 'v0';
  allowLongMaxModelLen: boolean;
  /** Which of the values above were defaults (for assumptions). */
  defaulted: string[];
}

/** Bytes of activations per batched token in the profile forward, on one GPU. */
export function activationBytesPerToken(arch: ModelArch, tp: number, dtypeBytes: number): number {
  const H = arch.hiddenSize;
  let mlp: number;
  if (arch.moe) {
    const m = arch.moe;
    // Fused-MoE caches: gate/up output and activation per routed expert, plus the per-expert outputs before reduction.
    const sharedInter = m.sharedIntermediateSize ?? (m.sharedExperts ?? 0) * m.moeIntermediateSize;
    mlp = (m.expertsPerToken * 3 * m.moeIntermediateSize) / tp + m.expertsPerToken * H + (3 * sharedInter) / tp;
    const denseInter = (3 * arch.intermediateSize) / tp;
    if ((m.firstKDenseReplace ?? 0) > 0) mlp = Math.max(mlp, denseInter);
  } else {
    mlp = (3 * arch.intermediateSize) / tp;
  }
  // q/k/v projection output; KV heads are at least one per rank (replicated below TP).
  const qkvPerRank = arch.mla
    ? (arch.numHeads * ((arch.mla.qkNopeHeadDim ?? 128) + arch.mla.qkRopeHeadDim)) / tp + arch.mla.kvLoraRank + arch.mla.qkRopeHeadDim
    : (arch.numHeads / tp + 2 * Math.max(1, arch.numKvHeads / tp)) * arch.headDim;
  return (mlp + qkvPerRank + 2 * H) * dtypeBytes * MEMORY.activationFactor;
}

/** True when the GPUs reach each other over NVLink / NVSwitch / xGMI rather than PCIe. */
export function isNvlinkClass(gpu: GpuSpec): boolean {
  return gpu.interconnect ? /nvlink|xgmi|nvswitch/i.test(gpu.interconnect.type) : false;
}

/**
 * Non-torch memory a rank gains once it has peers, GiB. V1 engines over NVLink: NCCL and
 * the custom all-reduce keep buffers for every other rank of the tensor-parallel group.
 * Over PCIe only NCCL's (the custom all-reduce is off there above two GPUs or without P2P).
 * V0 builds measured it differently from release to release and keep one flat figure.
 */
export function distributedNonTorchGib(gpu: GpuSpec, tp: number, pp: number, engine: 'v1' | 'v0' = 'v1'): number {
  if (tp * pp <= 1) return 0;
  if (!isNvlinkClass(gpu)) return MEMORY.nonTorchDistributedGibPcie;
  if (engine === 'v0') return MEMORY.nonTorchDistributedGibV0;
  return MEMORY.nonTorchPerPeerGibNvlink * Math.max(1, tp - 1);
}

/** Computes the per-GPU memory breakdown and the startup verdict. Never throws. */
export function estimateMemory(cfg: ResolvedConfig): MemoryBreakdown {
  const { arch, gpu, tp, pp } = cfg;
  const problems: StartupProblem[] = [];
  const assumptions: string[] = [];
  const total = gpu.memoryGib * GIB;
  const budget = total * cfg.gpuMemoryUtilization;

  const w = weightsPerGpu(arch, tp, pp, cfg.dtypeBytes, cfg.quant);
  assumptions.push(...w.assumptions);
  const weights = w.bytesPerGpu;

  // Profile run: one forward of max_num_batched_tokens tokens, then the sampler on max_num_seqs rows (last PP stage).
  const tokens = cfg.maxNumBatchedTokens;
  const actLayers = activationBytesPerToken(arch, tp, cfg.dtypeBytes) * tokens;
  const samplerRows = Math.min(cfg.maxNumSeqs, tokens);
  const copies = cfg.engine === 'v0' ? MEMORY.logitsFp32CopiesV0 : MEMORY.logitsFp32CopiesV1;
  const logits = samplerRows * arch.vocabSize * 4 * copies;
  // The forward's transients are freed before the sampler runs, so the peak is the larger of the two;
  // only the hidden states the forward returns (one row per batched token) live through both.
  const hidden = tokens * arch.hiddenSize * cfg.dtypeBytes;
  // V0's calibration predates this reading of the profiler and stays additive (see MEMORY.logitsFp32CopiesV0).
  const activation = cfg.engine === 'v0' ? actLayers + logits : Math.max(actLayers, logits + hidden);

  const distributed = tp * pp > 1;
  const nonTorch = (MEMORY.nonTorchBaseGib + (distributed ? distributedNonTorchGib(gpu, tp, pp, cfg.engine) : 0)) * GIB;
  const layersOnStage = Math.ceil(arch.numLayers / pp);
  const captureSizes = Math.min(MEMORY.defaultCaptureSizes, Math.max(1, Math.ceil(Math.min(cfg.maxNumSeqs * 2, 512) / 8) + 3));
  const cudaGraph = cfg.enforceEager ? 0 : MEMORY.cudaGraphGibPerLayer * layersOnStage * (captureSizes / MEMORY.defaultCaptureSizes) * GIB;

  const available = budget - weights - activation - nonTorch;
  const layout = kvLayout(arch, tp, pp, cfg.kvDtypeBytes);
  const cap = kvCapacity(layout, available, cfg.maxModelLen, cfg.maxNumBatchedTokens);

  // Startup checks, in the order vLLM runs them.
  if (arch.maxPositionEmbeddings > 0 && cfg.maxModelLen > arch.maxPositionEmbeddings && !cfg.allowLongMaxModelLen) {
    problems.push({
      code: 'max-len-exceeds-model',
      severity: 'error',
      message: `max_model_len ${cfg.maxModelLen} is greater than the model's max_position_embeddings ${arch.maxPositionEmbeddings}; vLLM refuses it unless VLLM_ALLOW_LONG_MAX_MODEL_LEN=1 is set.`,
      setting: 'max_model_len',
      maxModelLenThatFits: arch.maxPositionEmbeddings,
    });
  }
  if (arch.numHeads % tp !== 0) {
    problems.push({
      code: 'tp-heads-indivisible',
      severity: 'error',
      message: `The model's ${arch.numHeads} attention heads are not divisible by tensor_parallel_size ${tp}.`,
      setting: 'tensor_parallel_size',
    });
  } else if (!arch.mla && arch.numKvHeads >= tp && arch.numKvHeads % tp !== 0) {
    problems.push({
      code: 'tp-kv-heads-indivisible',
      severity: 'error',
      message: `The model's ${arch.numKvHeads} KV heads are not divisible by tensor_parallel_size ${tp}.`,
      setting: 'tensor_parallel_size',
    });
  }
  if (pp > arch.numLayers) {
    problems.push({ code: 'pp-exceeds-layers', severity: 'error', message: `pipeline_parallel_size ${pp} exceeds the model's ${arch.numLayers} layers.`, setting: 'pipeline_parallel_size' });
  }
  if (weights > total) {
    problems.push({
      code: 'weights-exceed-gpu',
      severity: 'error',
      message: `The weights need ${(weights / GIB).toFixed(2)} GiB per GPU but ${gpu.id} has ${gpu.memoryGib.toFixed(2)} GiB: loading runs out of memory. Use more GPUs (tensor_parallel_size) or a quantized checkpoint.`,
      setting: 'tensor_parallel_size',
    });
  } else if (available <= 0) {
    problems.push({
      code: 'no-kv-memory',
      severity: 'error',
      message: `No available memory for the cache blocks: weights ${(weights / GIB).toFixed(2)} GiB + activations ${(activation / GIB).toFixed(2)} GiB + non-torch ${(nonTorch / GIB).toFixed(2)} GiB exceed the ${(budget / GIB).toFixed(2)} GiB budget (gpu_memory_utilization ${cfg.gpuMemoryUtilization} × ${gpu.memoryGib.toFixed(2)} GiB).`,
      setting: 'gpu_memory_utilization',
    });
  } else if (cfg.engine === 'v0' ? cfg.maxModelLen > cap.tokens : cap.bytesForOneRequest > available) {
    const maxFit = cfg.engine === 'v0' ? cap.tokens : cap.maxLenThatFits;
    problems.push({
      code: 'max-len-exceeds-kv',
      severity: 'error',
      message:
        `The model's max seq len (${cfg.maxModelLen}) is larger than the maximum number of tokens that can be stored in KV cache: ` +
        `one request needs ${(cap.bytesForOneRequest / GIB).toFixed(2)} GiB of KV cache but ${(Math.max(0, available) / GIB).toFixed(2)} GiB is available` +
        (maxFit > 0 ? `; the largest max_model_len that fits is about ${maxFit}` : '') +
        '. Increase gpu_memory_utilization or decrease max_model_len.',
      setting: 'max_model_len',
      maxModelLenThatFits: maxFit,
    });
  }
  const headroom = total - budget;
  if (cudaGraph + MEMORY.cudaContextGib * GIB > headroom && !cfg.enforceEager && available > 0) {
    problems.push({
      code: 'cuda-graph-headroom',
      severity: 'warning',
      message: `CUDA graphs (~${(cudaGraph / GIB).toFixed(2)} GiB) plus the CUDA context (~${MEMORY.cudaContextGib} GiB) may not fit in the ${(headroom / GIB).toFixed(2)} GiB left outside gpu_memory_utilization; capture can run out of memory.`,
      setting: 'gpu_memory_utilization',
    });
  }

  if (layout.replicatedHeads) assumptions.push(`${arch.numKvHeads} KV heads < tensor_parallel_size ${tp}: each GPU keeps a replicated KV head`);
  if (arch.mla) assumptions.push('MLA: the compressed latent (kv_lora_rank + rope dim) is cached per token on every TP rank');
  if (layout.slidingLayers > 0 && layout.slidingWindow) {
    assumptions.push(
      layout.fullLayers > 0
        ? `hybrid KV cache: ${layout.slidingLayers} sliding-window layers keep only ${layout.slidingWindow} tokens, ${layout.fullLayers} full layers keep all`
        : `all layers use a ${layout.slidingWindow}-token sliding window`,
    );
  }
  if (!cfg.enforceEager) assumptions.push('CUDA graphs are captured after the KV cache is allocated (taken from the headroom, not the KV budget)');
  if ((arch.visionParams ?? 0) > 0) {
    // Measured misses (test/accuracy/cases.json): Llama-3.2-11B-Vision 14.6 GiB of KV where text-only sizing gives 50.9.
    assumptions.push("NOT MODELLED: the vision encoder's profiling run (dummy images for the batch); on some vLLM builds it leaves far less KV cache than shown");
  }
  assumptions.push(`profile run of ${tokens} batched tokens and ${samplerRows} sampled sequences`);

  const errors = problems.filter((p) => p.severity === 'error');
  return {
    totalGib: gpu.memoryGib,
    budgetGib: budget / GIB,
    weightsGib: weights / GIB,
    activationGib: activation / GIB,
    nonTorchGib: nonTorch / GIB,
    cudaGraphGib: cudaGraph / GIB,
    kvCacheGib: Math.max(0, available) / GIB,
    kvCacheTokens: errors.some((p) => p.code === 'no-kv-memory' || p.code === 'weights-exceed-gpu') ? 0 : cap.tokens,
    numGpuBlocks: cap.numBlocks,
    kvBytesPerToken: layout.bytesPerTokenPerLayer * (layout.fullLayers + layout.slidingLayers),
    maxConcurrency: cap.maxConcurrency,
    maxModelLen: cfg.maxModelLen,
    maxNumBatchedTokens: cfg.maxNumBatchedTokens,
    maxNumSeqs: cfg.maxNumSeqs,
    fits: errors.length === 0,
    problems,
    assumptions,
  };
}
