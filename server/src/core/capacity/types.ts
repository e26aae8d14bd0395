/**
 * Plain-data shapes of the capacity model. Everything is JSON-serialisable so
 * the CLI, hovers, rules and the advisor can pass estimates around as is.
 */

/** Quantization methods the weight-size model knows how to count. */
export type QuantMethod =
  | 'awq'
  | 'gptq'
  | 'fp8'
  | 'compressed-tensors'
  | 'mxfp4'
  | 'nvfp4'
  | 'bitsandbytes'
  | 'int8'
  | 'gguf'
  | string;

export interface QuantizationInfo {
  method: QuantMethod;
  /** Bits per quantized weight (4 for AWQ/GPTQ int4, 8 for fp8/int8). */
  bits?: number;
  /** Weights per scale group (128 for most AWQ/GPTQ checkpoints). */
  groupSize?: number;
  /** True when only the MoE expert weights are quantized (gpt-oss mxfp4). */
  expertsOnly?: boolean;
  /** Decoder layers left entirely in 16-bit (modules_to_not_convert naming whole layers, e.g. the first and last of Meta's FP8 405B). */
  unquantizedLayers?: number;
}

export interface MlaInfo {
  kvLoraRank: number;
  qkRopeHeadDim: number;
  qLoraRank?: number | null;
  qkNopeHeadDim?: number;
  vHeadDim?: number;
}

export interface MoeInfo {
  numExperts: number;
  expertsPerToken: number;
  moeIntermediateSize: number;
  /** Number of always-on shared experts (DeepSeek, Qwen2-MoE). */
  sharedExperts?: number;
  /** Intermediate size of the shared expert block when it differs from numShared × moeIntermediate. */
  sharedIntermediateSize?: number;
  /** The first k layers are dense MLPs (DeepSeek-V3: 3). */
  firstKDenseReplace?: number;
  /** Every n-th layer is MoE (Qwen2-MoE decoder_sparse_step); 1 = all. */
  moeLayerStep?: number;
}

/** The architecture facts the capacity model needs, taken from a catalog or a config.json. */
export interface ModelArch {
  id: string;
  architecture?: string;
  /** All parameters including embeddings (and the vision tower when present). */
  paramsTotal?: number;
  /** Parameters touched per token (MoE). */
  paramsActive?: number;
  /** Checkpoint dtype: bfloat16, float16, float32. */
  torchDtype: string;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  numKvHeads: number;
  headDim: number;
  intermediateSize: number;
  vocabSize: number;
  /** Context length from config.json; 0 when unknown. */
  maxPositionEmbeddings: number;
  tieWordEmbeddings: boolean;
  /** Sliding-window size in tokens; applies to `slidingLayers` layers (all layers when slidingLayers is undefined). */
  slidingWindow?: number | null;
  slidingLayers?: number;
  fullLayers?: number;
  mla?: MlaInfo;
  moe?: MoeInfo;
  quantization?: QuantizationInfo;
  /** Vision/audio encoder parameters (kept at 16-bit). */
  visionParams?: number;
  /** Measured checkpoint size in bytes, when the catalog knows it. */
  weightsBytes?: number;
  /** Rotary embedding positions vLLM precomputes a cos/sin cache for. */
  ropePositions?: number;
  /** Where the facts came from (URL or file path). */
  source?: string;
}

export type ModelOrigin = 'catalog' | 'local' | 'hf-cache' | 'hub' | 'inline';

export type ModelResolution = { arch: ModelArch; origin: ModelOrigin } | { unknown: string };

export interface GpuSpec {
  id: string;
  names: string[];
  vendor: string;
  arch?: string;
  /** CUDA compute capability (NVIDIA), e.g. 8.9; what vLLM's kernels and quantization methods check. */
  computeCapability?: number;
  /** Total memory as `torch.cuda.mem_get_info()` reports it, GiB. */
  memoryGib: number;
  memoryGbMarketing?: number;
  bandwidthGbs: number;
  /** Dense TFLOPs by dtype. */
  tflops: Partial<Record<'fp32' | 'tf32' | 'fp16' | 'bf16' | 'fp8' | 'int8' | 'fp4', number>>;
  /** Best bf16 matmul TFLOPs a public sweep measured, when the datasheet figure is out of reach (power-capped parts). */
  matmulBf16TflopsMeasured?: number;
  /** `p2p: false` when GPUs of this kind cannot reach each other peer-to-peer over PCIe (NCCL stages through host memory). */
  interconnect?: { type: string; bandwidthGbs: number; p2p?: boolean };
  priceUsdHour?: number;
}

/** One problem that would stop `vllm serve` at startup, or a warning worth showing. */
export interface StartupProblem {
  /** Stable id, e.g. `no-kv-memory`, `max-len-exceeds-kv`, `max-len-exceeds-model`. */
  code: string;
  severity: 'error' | 'warning';
  message: string;
  /** The setting that would fix it, in vLLM's flag spelling. */
  setting?: string;
  /** Largest max_model_len the KV cache could hold, when relevant. */
  maxModelLenThatFits?: number;
  /** Largest max_num_seqs whose sampler warm-up fits, when relevant (0: none does). */
  maxNumSeqsThatFits?: number;
}

export interface MemoryBreakdown {
  totalGib: number;
  budgetGib: number;
  weightsGib: number;
  activationGib: number;
  nonTorchGib: number;
  cudaGraphGib: number;
  kvCacheGib: number;
  kvCacheTokens: number;
  numGpuBlocks: number;
  /** Bytes per token of KV cache on one GPU, summed over its layers (full-attention equivalent). */
  kvBytesPerToken: number;
  maxConcurrency: number;
  maxModelLen: number;
  maxNumBatchedTokens: number;
  maxNumSeqs: number;
  fits: boolean;
  problems: StartupProblem[];
  assumptions: string[];
}

export interface ThroughputResult {
  concurrency: number;
  /** Sequences actually running together (capped by KV capacity and max_num_seqs). */
  runningBatch: number;
  tpotMs: number;
  ttftMs: number;
  outputTokS: number;
  /** Output tokens/s with the batch as full as KV and max_num_seqs allow. */
  saturationTokS: number;
  /** Sequences running at saturation (the KV / max_num_seqs cap). */
  saturationBatch: number;
  /** What bounds a decode step at this concurrency. */
  bound: 'memory' | 'compute' | 'latency';
  assumptions: string[];
}

export interface CostResult {
  gpus: number;
  usdPerHour: number | null;
  usdPer1mOutputTokens: number | null;
  priceSource: 'setting' | 'catalog' | 'unknown';
}

export interface Workload {
  inputLen: number;
  outputLen: number;
  concurrency?: number;
}

/** A TensorRT-LLM engine's build limits and the tensorrtllm backend's KV parameters. */
export interface TrtllmInput {
  maxSeqLen: number;
  maxBatchSize?: number;
  tokensPerBlock?: number;
  /** KV element bytes (1 for an FP8/INT8 KV cache). */
  kvDtypeBytes?: number;
  freeMemFraction?: number;
  maxTokensInPagedKvCache?: number;
}

export interface EstimateInput {
  /** Hugging Face id, alias, local path, or the architecture itself. */
  model: string | ModelArch;
  /** Catalog id, nvidia-smi / Ray / BentoML name, or the GPU's facts. */
  gpu: string | GpuSpec;
  tensorParallel?: number;
  pipelineParallel?: number;
  gpuMemoryUtilization?: number;
  maxModelLen?: number;
  maxNumSeqs?: number;
  maxNumBatchedTokens?: number;
  enableChunkedPrefill?: boolean;
  dtype?: string;
  quantization?: string;
  kvCacheDtype?: string;
  enforceEager?: boolean;
  workload?: Workload;
  /** $/hour per GPU, beating the catalog price. */
  priceOverride?: number;
  /** GPU id → $/hour from settings. */
  gpuPrices?: Record<string, number>;
  /** Memory-profiling behaviour of the engine generation; 'v1' (default) or the legacy 'v0' engine. */
  engine?: 'v1' | 'v0';
  /** The vLLM release the user runs, when they said (servescope.versions, version=, --vllm-version): named in the assumptions. */
  vllmVersion?: string;
  /**
   * Present when the model is a built TensorRT-LLM engine (Triton's tensorrtllm
   * backend): its build limits and the backend's KV parameters replace vLLM's
   * memory model, and throughput is not estimated.
   */
  trtllm?: TrtllmInput;
  /** Allow max_model_len beyond max_position_embeddings (VLLM_ALLOW_LONG_MAX_MODEL_LEN). */
  allowLongMaxModelLen?: boolean;
}

export interface Estimate {
  ok: boolean;
  /** What could not be resolved and which setting to set; present when ok is false. */
  unknown?: { what: 'model' | 'gpu' | 'input'; message: string; setting: string }[];
  model?: { id: string; origin: ModelOrigin };
  gpu?: { id: string; name: string };
  tensorParallel: number;
  pipelineParallel: number;
  memory?: MemoryBreakdown;
  throughput?: ThroughputResult;
  cost?: CostResult;
  assumptions: string[];
}
