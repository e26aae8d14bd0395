/**
 * The advisor's custom LSP requests: method names, params and results. The
 * language server answers them (server/src/lsp/advisorRequests.ts,
 * planCapacityRequest.ts) and the extension host calls them
 * (client/src/advisor/lspBridge.ts); both import this file, so neither side
 * defines a contract the other must copy. Pure types and constants.
 */
import type { WhatIfArgs } from '../core/engineArgs/whatIf';

// ---------------------------------------------------------------------------
// Analysis bridge: what the advisor needs from ServeScope's core.

/** One finding as the advisor sees it. `line` is 1-based, as an editor shows it. */
export interface AdvisorFinding {
  code: string;
  severity: string;
  message: string;
  line: number;
}

/**
 * Compact, grounded description of the active document. Everything is plain
 * JSON; the server decides how much of the plan/estimates to include (keep it
 * small: it is sent with every question).
 */
export interface AdvisorContext {
  uri: string;
  /** Detected format (`vllm` | `triton` | `rayserve` | `bentoml`) or null when unknown. */
  format: string | null;
  /** Schema id (e.g. `rayserve-llm`, `bentofile`) when known. */
  schema?: string | null;
  /** How the format was detected, e.g. "file name config.pbtxt". */
  detection?: string;
  /** The document text (the server may truncate very large files and say so in `truncated`). */
  text?: string;
  truncated?: boolean;
  /** ServingPlan summary: plain values without source ranges. */
  plan?: unknown;
  findings: AdvisorFinding[];
  /** Memory/throughput/latency/cost estimates with their assumptions. */
  estimates?: unknown;
  /** Target hardware and where it came from (file, modeline, setting). */
  hardware?: { gpu?: string; count?: number; origin?: string };
  /** Workload the estimates assume when the file doesn't say. */
  workload?: { inputLen?: number; outputLen?: number; concurrency?: number };
}

/**
 * The load one replica's estimate is quoted at; every field optional. A request
 * rate and latency targets are the planner's (`PlanCapacityInput`), not this.
 */
export interface Traffic {
  input_len?: number;
  output_len?: number;
  /** Concurrent requests in flight per replica. */
  concurrency?: number;
}

/**
 * Overrides applied to the document's ServingPlan before running the capacity
 * engine. The engine arguments (`tensor_parallel_size`, `max_model_len`...) are
 * the rows of ServeScope's engine-argument table, named as vLLM names them, so
 * the model, the CLI and the server share one vocabulary.
 */
export interface WhatIf extends WhatIfArgs {
  /** Which deployment of a multi-deployment file (by name); default the first. */
  deployment?: string;
  gpu?: string;
  replicas?: number;
  traffic?: Traffic;
}

/** Result of analysing a candidate text. */
export interface CheckResult {
  findings: AdvisorFinding[];
  /** One or two sentences, e.g. "fits: KV cache 21.3 GiB, max concurrency 84". */
  summary?: string;
  /**
   * Headline estimates of the candidate (e.g. `kv_cache_gib`, `max_concurrency`,
   * `fits`, `output_tok_s`, `cost_per_hour`). Nested objects are allowed; the
   * panel flattens them to dotted keys to show what a proposed edit changes.
   */
  estimates?: Record<string, unknown>;
}

/** What the advisor's plan_capacity tool asks the planner (names as the tool schema spells them). */
export interface PlanCapacityInput {
  /** Peak arrival rate, requests/s. */
  rps: number;
  avg_rps?: number;
  input_len?: number;
  output_len?: number;
  /** `ttft:p95<800ms;tpot:p95<60ms`; the planner's default when absent. */
  slo?: string;
  /** GPUs to consider (catalog ids or nvidia-smi names); default the file's, else every priced one. */
  gpus?: string[];
  objective?: 'cost' | 'throughput' | 'latency';
  /** For the throughput objective: the most the fleet may cost, $/hour. */
  budget_usd_per_hour?: number;
}

/** The planner's answer as plain JSON: the chosen plan (CLI `plan --json` fields), alternatives, assumptions; `error` when it can't plan. */
export type PlanCapacityResult = Record<string, unknown>;

// ---------------------------------------------------------------------------
// Custom LSP requests the server answers (client → server).

/** `servescope/advisorContext`: params `AdvisorContextParams`, result `AdvisorContext`. */
export const ADVISOR_CONTEXT_METHOD = 'servescope/advisorContext';
/** `servescope/estimate`: params `EstimateParams`, result: the engine's estimate as plain JSON. */
export const ESTIMATE_METHOD = 'servescope/estimate';
/** `servescope/check`: params `CheckParams`, result `CheckResult`. */
export const CHECK_METHOD = 'servescope/check';
/** `servescope/planCapacity`: params `PlanCapacityParams`, result `PlanCapacityResult`. */
export const PLAN_CAPACITY_METHOD = 'servescope/planCapacity';

export interface AdvisorContextParams {
  uri: string;
}
export type AdvisorContextResult = AdvisorContext;
export interface EstimateParams {
  uri: string;
  whatIf: WhatIf;
}
/** Plain JSON (per-GPU memory, concurrency, tokens/s, latency, cost, assumptions); `error` when the plan can't be estimated. */
export type EstimateResult = Record<string, unknown>;
export interface CheckParams {
  uri: string;
  text: string;
}
export type CheckResultMessage = CheckResult;
export interface PlanCapacityParams {
  uri: string;
  ask: PlanCapacityInput;
}
