/**
 * ServingPlan: the one normalised model that capacity rules, hovers, the CLI
 * estimate and the advisor see. Each framework adapter fills it from its own
 * format and records the source node of every value so findings can point at it.
 */
import type { OffsetRange, FormatId } from './types';
import type { TrtllmEngine } from './capacity/trtllmEngine';

/** A value plus where it came from (absent when it is a default). */
export interface Sourced<T> {
  value: T;
  /** Range of the value node in the document; undefined when defaulted. */
  range?: OffsetRange;
  /** Range of the key that holds the value, for hovers and fixes that rewrite the key. */
  keyRange?: OffsetRange;
  /** Dotted path of the setting in the file, e.g. `engine_kwargs.max_model_len`. */
  path?: string;
}

export interface ModelSpec {
  /** Hugging Face id or local path. */
  id?: Sourced<string>;
  dtype?: Sourced<string>;
  quantization?: Sourced<string>;
  kvCacheDtype?: Sourced<string>;
  maxModelLen?: Sourced<number>;
  /** Override of the architecture (e.g. `hf_overrides`), rarely set. */
  trustRemoteCode?: Sourced<boolean>;
}

export interface HardwareSpec {
  /** Catalog id or nvidia-smi name; resolved by the capacity model. */
  gpu?: Sourced<string>;
  /** GPUs each replica uses. */
  gpusPerReplica?: Sourced<number>;
  /** Target cluster size (GPUs), from settings or modeline. */
  clusterGpus?: Sourced<number>;
  /** Where the hardware facts came from, shown in assumptions. */
  origin?: 'file' | 'modeline' | 'setting';
}

export interface ParallelismSpec {
  tensor?: Sourced<number>;
  pipeline?: Sourced<number>;
  data?: Sourced<number>;
  expert?: Sourced<boolean>;
}

export interface ReplicaSpec {
  fixed?: Sourced<number>;
  min?: Sourced<number>;
  initial?: Sourced<number>;
  max?: Sourced<number>;
  /** Autoscaling target: ongoing requests per replica. */
  targetOngoing?: Sourced<number>;
}

export interface AdmissionSpec {
  maxNumSeqs?: Sourced<number>;
  maxNumBatchedTokens?: Sourced<number>;
  enableChunkedPrefill?: Sourced<boolean>;
  gpuMemoryUtilization?: Sourced<number>;
  enforceEager?: Sourced<boolean>;
  /** Ray Serve max_ongoing_requests, BentoML traffic.max_concurrency, Triton max_batch_size. */
  maxOngoing?: Sourced<number>;
  maxQueued?: Sourced<number>;
  batchDelayUs?: Sourced<number>;
  timeoutS?: Sourced<number>;
}

/** One deployment that serves a model (a vLLM server, a Ray Serve LLM app, a Triton vLLM model, a Bento service). */
export interface ServedDeployment {
  /** Human name: app/deployment name, model name. */
  name: string;
  /** Range of the block this deployment came from. */
  range: OffsetRange;
  engine: 'vllm' | 'tensorrt-llm' | 'other';
  model: ModelSpec;
  hardware: HardwareSpec;
  parallelism: ParallelismSpec;
  replicas: ReplicaSpec;
  admission: AdmissionSpec;
  routing?: Sourced<string>;
  /**
   * The engine arguments live in another file next to this one (Triton's vLLM
   * backend reads `<version>/model.json`): its values have no range here, and
   * findings about them say which file to edit.
   */
  argsFile?: string;
  /** Why the arguments file could not be used (missing, not JSON), shown instead of an estimate. */
  argsFileProblem?: string;
  /** A TensorRT-LLM engine and the tensorrtllm backend's KV parameters (Triton). */
  trtllm?: TrtllmDeployment;
  /**
   * The model came from the `# servescope: model=...` comment and the engine
   * arguments are not in the file (a BentoML service sets them in Python): the
   * estimate is shown with vLLM's defaults, but capacity findings are not raised,
   * since the real arguments are unknown.
   */
  modelFromComment?: boolean;
}

/** What Triton's tensorrtllm backend sizes its KV cache from. */
export interface TrtllmDeployment {
  /** `gpt_model_path`: the engine directory whose config.json holds the model shape and build limits. */
  enginePath?: Sourced<string>;
  /** The engine's config.json, parsed; or why it could not be read. */
  engine?: TrtllmEngine | string;
  freeMemFraction?: Sourced<number>;
  maxTokensInPagedKvCache?: Sourced<number>;
}

export interface ServingPlan {
  format: FormatId;
  deployments: ServedDeployment[];
}
