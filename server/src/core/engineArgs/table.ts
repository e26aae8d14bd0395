/**
 * vLLM's engine arguments, declared once. Each row says how vLLM spells the
 * argument on its command line, how its value is read, where the ServingPlan
 * keeps it and which capacity-engine input it feeds. The plan builder, the CLI
 * flags of `estimate` and `plan`, the advisor's what-if schema and the edits that
 * set an argument are all derived from these rows, so adding an argument is one
 * row here (see CONTRIBUTING.md, "add an engine argument").
 */
import type { AdmissionSpec, ModelSpec, ParallelismSpec } from '../plan';
import type { EstimateInput } from '../capacity/types';

/**
 * How a value is read: `int` as a YAML number only (what the plan has always
 * accepted for sizes vLLM types as plain `int`), `humanInt` through
 * `parseHumanInt` (vLLM's `human_readable_int`: `32k`, `2K`), `float`, `string`,
 * `bool` (a flag with no value on the command line), `json` (a nested config).
 */
export type ArgKind = 'int' | 'humanInt' | 'float' | 'string' | 'bool' | 'json';

/** Where the ServingPlan records the argument. */
export type PlanPath = readonly ['model', keyof ModelSpec] | readonly ['parallelism', keyof ParallelismSpec] | readonly ['admission', keyof AdmissionSpec];

/** Capacity-engine inputs an engine argument can feed. */
export type EstimateField = keyof Pick<
  EstimateInput,
  | 'model'
  | 'tensorParallel'
  | 'pipelineParallel'
  | 'gpuMemoryUtilization'
  | 'maxModelLen'
  | 'maxNumSeqs'
  | 'maxNumBatchedTokens'
  | 'enableChunkedPrefill'
  | 'dtype'
  | 'quantization'
  | 'kvCacheDtype'
  | 'enforceEager'
>;

/** Lists the planner searches over; `servescope plan` takes the flag several times for them. */
export type SearchField = 'tensorParallel' | 'quantizations' | 'kvCacheDtypes' | 'maxNumSeqs';

export interface EngineArgSpec {
  /** vLLM's name, as `EngineArgs` and canonical config keys spell it. */
  name: string;
  /** The long option without dashes (`tensor-parallel-size`). */
  flag: string;
  /** vLLM's own short option (`-tp`), which `vllm serve` command lines use. */
  vllmShort?: string;
  /** A one-letter alias of our CLI (node's parseArgs takes one letter only). */
  short?: string;
  kind: ArgKind;
  plan?: PlanPath;
  estimate?: EstimateField;
  /** Accepted range of a number beyond its kind: fractions are in (0, 1], counts ≥ 1. */
  range?: 'count' | 'fraction';
  /** The word that means "leave it to vLLM" (`--quantization none`, `--kv-cache-dtype auto`). */
  unset?: string;
  search?: SearchField;
  /** Offered to the advisor's estimate_what_if tool. */
  whatIf?: boolean;
  units?: string;
  /** The value's placeholder in usage text (default N for integers, F for floats, V otherwise). */
  metavar?: string;
  /** One line for the tool schema and help, in our words. */
  description: string;
}

export const ENGINE_ARGS = [
  { name: 'model', flag: 'model', kind: 'string', plan: ['model', 'id'], estimate: 'model', description: 'Hugging Face id or local path of the model.' },
  { name: 'dtype', flag: 'dtype', kind: 'string', metavar: 'T', plan: ['model', 'dtype'], estimate: 'dtype', whatIf: true, description: 'Weights dtype, e.g. bfloat16, float16.' },
  { name: 'quantization', flag: 'quantization', vllmShort: '-q', short: 'q', kind: 'string', metavar: 'Q', plan: ['model', 'quantization'], estimate: 'quantization', unset: 'none', search: 'quantizations', whatIf: true, description: 'e.g. fp8, awq, gptq; "none" to remove quantization.' },
  { name: 'kv_cache_dtype', flag: 'kv-cache-dtype', kind: 'string', metavar: 'T', plan: ['model', 'kvCacheDtype'], estimate: 'kvCacheDtype', unset: 'auto', search: 'kvCacheDtypes', whatIf: true, description: 'auto, fp8, fp8_e4m3, fp8_e5m2.' },
  { name: 'max_model_len', flag: 'max-model-len', kind: 'humanInt', range: 'count', plan: ['model', 'maxModelLen'], estimate: 'maxModelLen', whatIf: true, units: 'tokens', description: 'Longest prompt plus output one request may have.' },
  { name: 'trust_remote_code', flag: 'trust-remote-code', kind: 'bool', plan: ['model', 'trustRemoteCode'], description: "Run the model repository's own code." },
  { name: 'tensor_parallel_size', flag: 'tensor-parallel-size', vllmShort: '-tp', short: 't', kind: 'int', range: 'count', plan: ['parallelism', 'tensor'], estimate: 'tensorParallel', search: 'tensorParallel', whatIf: true, units: 'GPUs', description: 'GPUs one copy of the model is split across, layer by layer.' },
  { name: 'pipeline_parallel_size', flag: 'pipeline-parallel-size', vllmShort: '-pp', kind: 'int', range: 'count', plan: ['parallelism', 'pipeline'], estimate: 'pipelineParallel', whatIf: true, units: 'stages', description: 'Pipeline stages one copy of the model is split into.' },
  { name: 'data_parallel_size', flag: 'data-parallel-size', vllmShort: '-dp', kind: 'int', range: 'count', plan: ['parallelism', 'data'], units: 'engines', description: 'Engine copies one server runs.' },
  { name: 'enable_expert_parallel', flag: 'enable-expert-parallel', kind: 'bool', plan: ['parallelism', 'expert'], description: 'Shard MoE experts instead of tensor-splitting them.' },
  { name: 'max_num_seqs', flag: 'max-num-seqs', kind: 'int', range: 'count', plan: ['admission', 'maxNumSeqs'], estimate: 'maxNumSeqs', search: 'maxNumSeqs', whatIf: true, units: 'requests', description: 'Most requests batched in one step.' },
  { name: 'max_num_batched_tokens', flag: 'max-num-batched-tokens', kind: 'humanInt', range: 'count', plan: ['admission', 'maxNumBatchedTokens'], estimate: 'maxNumBatchedTokens', whatIf: true, units: 'tokens', description: 'Token budget of one scheduler step.' },
  { name: 'enable_chunked_prefill', flag: 'enable-chunked-prefill', kind: 'bool', plan: ['admission', 'enableChunkedPrefill'], estimate: 'enableChunkedPrefill', description: 'Split long prompts across steps.' },
  { name: 'gpu_memory_utilization', flag: 'gpu-memory-utilization', kind: 'float', range: 'fraction', plan: ['admission', 'gpuMemoryUtilization'], estimate: 'gpuMemoryUtilization', whatIf: true, description: 'Share of GPU memory vLLM may use.' },
  { name: 'enforce_eager', flag: 'enforce-eager', kind: 'bool', plan: ['admission', 'enforceEager'], estimate: 'enforceEager', description: 'Run without CUDA graphs.' },
  { name: 'compilation_config', flag: 'compilation-config', vllmShort: '-cc', kind: 'json', description: 'torch.compile and CUDA-graph settings.' },
] as const satisfies readonly EngineArgSpec[];

/** Names of the arguments the plan records: the ones rules read and fixes write. */
export type PlannedArg = Extract<(typeof ENGINE_ARGS)[number], { plan: PlanPath }>['name'];

const BY_NAME = new Map<string, EngineArgSpec>(ENGINE_ARGS.map((a) => [a.name, a]));

/** The row of one argument by its vLLM name. */
export function engineArg(name: string): EngineArgSpec | undefined {
  return BY_NAME.get(name);
}

/** Every row, typed as the general spec (the literal types are only for `PlannedArg`). */
export const ARGS: readonly EngineArgSpec[] = ENGINE_ARGS;

/** vLLM's short options → the long option they stand for (`-tp` → `tensor-parallel-size`). */
export function vllmShortOptions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of ARGS) if (a.vllmShort) out[a.vllmShort] = a.flag;
  return out;
}
