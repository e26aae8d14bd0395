/**
 * Per-GPU memory budget of a vLLM server, following the engine's startup:
 * budget = gpu_memory_utilization × total memory; minus the weights, the
 * torch peak of the profile run (the larger of a forward of
 * max_num_batched_tokens and the dummy sampler on max_num_seqs rows of logits)
 * and the non-torch growth (NCCL, workspaces); the rest becomes KV-cache
 * blocks. CUDA graphs are captured after the KV cache is allocated and come
 * out of the headroom; then V1 warms the sampler up, which must fit in that
 * headroom plus the freed profile peak (samplerWarmupMargin).
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
  /**
   * False when the release predates the V1 sampler warm-up after the KV cache is allocated
   * (before MEMORY.samplerWarmupSince); V0 never runs it. Defaults to true on V1.
   */
  samplerWarmup?: boolean;
  /**
   * True when the release profiles CUDA-graph memory inside the budget (MEMORY.cudaGraphProfiledSince),
   * so the graphs do not come out of the headroom. Defaults to false.
   */
  cudaGraphsInBudget?: boolean;
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
    if ((m.firstKDenseReplace ?? 0) > 0 || (m.moeLayerStep ?? 1) > 1) mlp = Math.max(mlp, denseInter);
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

/**
 * Torch peak of the profile run with `maxNumSeqs` sequences, bytes: the larger of a forward of
 * max_num_batched_tokens tokens and the dummy sampler on min(max_num_seqs, max_num_batched_tokens)
 * rows of fp32 logits (plus the hidden states both share); V0 adds them.
 */
export function profilePeakBytes(cfg: ResolvedConfig, maxNumSeqs: number): number {
  const tokens = cfg.maxNumBatchedTokens;
  const actLayers = activationBytesPerToken(cfg.arch, cfg.tp, cfg.dtypeBytes) * tokens;
  const logits = samplerLogitsBytes(cfg, maxNumSeqs);
  // The forward's transients are freed before the sampler runs, so the peak is the larger of the two;
  // only the hidden states the forward returns (one row per batched token) live through both.
  const hidden = tokens * cfg.arch.hiddenSize * cfg.dtypeBytes;
  // V0's calibration predates this reading of the profiler and stays additive (see MEMORY.logitsFp32CopiesV0).
  return cfg.engine === 'v0' ? actLayers + logits : Math.max(actLayers, logits + hidden);
}

/** The dummy sampler's peak on min(max_num_seqs, max_num_batched_tokens) rows, bytes. */
function samplerLogitsBytes(cfg: ResolvedConfig, maxNumSeqs: number): number {
  const rows = Math.min(maxNumSeqs, cfg.maxNumBatchedTokens);
  const copies = cfg.engine === 'v0' ? MEMORY.logitsFp32CopiesV0 : MEMORY.logitsFp32CopiesV1;
  return rows * cfg.arch.vocabSize * 4 * copies;
}

/** CUDA-graph memory of one GPU's stage, bytes; capture sizes run up to min(2 × max_num_seqs, 512). */
export function cudaGraphBytes(cfg: ResolvedConfig, maxNumSeqs: number): number {
  if (cfg.enforceEager) return 0;
  const layersOnStage = Math.ceil(cfg.arch.numLayers / cfg.pp);
  const captureSizes = Math.min(MEMORY.defaultCaptureSizes, Math.max(1, Math.ceil(Math.min(maxNumSeqs * 2, 512) / 8) + 3));
  return MEMORY.cudaGraphGibPerLayer * layersOnStage * (captureSizes / MEMORY.defaultCaptureSizes) * GIB;
}

/**
 * Free memory minus what the V1 sampler warm-up needs, bytes, with `maxNumSeqs` sequences.
 * vLLM's Worker.compile_or_warm_up_model (vllm/v1/worker/gpu_worker.py) runs it after the KV
 * cache is allocated and the graphs captured, on the last pipeline stage. Before the KV
 * cache was sized, empty_cache() handed the profile peak back to the driver, so what is
 * free then is the (1 − gpu_memory_utilization) headroom plus that peak, less the graphs
 * (unless the release budgeted them, cfg.cudaGraphsInBudget) and the CUDA context; the
 * warm-up needs the sampler's peak plus the hidden states of its forward of
 * min(max_num_seqs, max_num_batched_tokens) tokens. Pooling models warm a pooler up
 * instead; the catalog does not mark them, so they are checked like generators.
 */
export function samplerWarmupMargin(cfg: ResolvedConfig, maxNumSeqs: number): { freeBytes: number; needBytes: number } {
  const total = cfg.gpu.memoryGib * GIB;
  const headroom = total * (1 - cfg.gpuMemoryUtilization);
  const rows = Math.min(maxNumSeqs, cfg.maxNumBatchedTokens);
  const graphs = cfg.cudaGraphsInBudget ? 0 : cudaGraphBytes(cfg, maxNumSeqs);
  const freeBytes = headroom + profilePeakBytes(cfg, maxNumSeqs) - graphs - MEMORY.cudaContextGib * GIB;
  const needBytes = samplerLogitsBytes(cfg, maxNumSeqs) + rows * cfg.arch.hiddenSize * cfg.dtypeBytes;
  return { freeBytes, needBytes };
}

/**
 * The sampler warm-up's shortfall at the configured max_num_seqs, or undefined when it fits
 * or the release does not run it (V0; V1 before MEMORY.samplerWarmupSince). The largest
 * max_num_seqs that fits is found by bisection; the margin need not be monotone where the
 * graph capture sizes step, so the rule and the lever confirm their value with a re-run.
 */
export function samplerWarmupShortfall(cfg: ResolvedConfig): { freeBytes: number; needBytes: number; maxNumSeqsThatFits: number } | undefined {
  if (cfg.engine !== 'v1' || cfg.samplerWarmup === false) return undefined;
  const at = samplerWarmupMargin(cfg, cfg.maxNumSeqs);
  if (at.freeBytes >= at.needBytes) return undefined;
  const ok = (n: number): boolean => {
    const m = samplerWarmupMargin(cfg, n);
    return m.freeBytes >= m.needBytes;
  };
  let lo = 0;
  let hi = cfg.maxNumSeqs;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return { ...at, maxNumSeqsThatFits: lo > 0 && ok(lo) ? lo : 0 };
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
  const samplerRows = Math.min(cfg.maxNumSeqs, tokens);
  const activation = profilePeakBytes(cfg, cfg.maxNumSeqs);

  const distributed = tp * pp > 1;
  const nonTorch = (MEMORY.nonTorchBaseGib + (distributed ? distributedNonTorchGib(gpu, tp, pp, cfg.engine) : 0)) * GIB;
  const cudaGraph = cudaGraphBytes(cfg, cfg.maxNumSeqs);

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
  const warmup = available > 0 && problems.every((p) => p.severity !== 'error') ? samplerWarmupShortfall(cfg) : undefined;
  if (warmup) {
    const fitsText =
      warmup.maxNumSeqsThatFits > 0
        ? `max_num_seqs ${warmup.maxNumSeqsThatFits} would fit at this gpu_memory_utilization`
        : 'no max_num_seqs fits at this gpu_memory_utilization';
    problems.push({
      code: 'sampler-warmup-oom',
      severity: 'error',
      message:
        `The sampler warm-up after the KV cache is allocated needs ~${(warmup.needBytes / GIB).toFixed(2)} GiB ` +
        `(fp32 logits of ${samplerRows.toLocaleString('en-US')} sequences × a ${arch.vocabSize.toLocaleString('en-US')}-token vocabulary, sorted for top-k/top-p) but only ~${(Math.max(0, warmup.freeBytes) / GIB).toFixed(2)} GiB is free then ` +
        `(${(headroom / GIB).toFixed(2)} GiB outside gpu_memory_utilization ${cfg.gpuMemoryUtilization} + the ${(activation / GIB).toFixed(2)} GiB profile peak` +
        `${cfg.cudaGraphsInBudget ? '' : ` − CUDA graphs ${(cudaGraph / GIB).toFixed(2)} GiB`} − CUDA context ${MEMORY.cudaContextGib} GiB): ` +
        `vLLM stops with "CUDA out of memory occurred when warming up sampler with ${samplerRows} dummy requests". Lower max_num_seqs or gpu_memory_utilization; ${fitsText}.`,
      setting: 'max_num_seqs',
      maxNumSeqsThatFits: warmup.maxNumSeqsThatFits,
    });
  } else if (!cfg.cudaGraphsInBudget && cudaGraph + MEMORY.cudaContextGib * GIB > headroom && !cfg.enforceEager && available > 0) {
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
