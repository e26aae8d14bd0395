/**
 * Contracts of the advisor, shared by three parties:
 * - the language server, which answers the custom requests below (it imports
 *   the method names and param/result types from here);
 * - the extension host, which implements `AnalysisBridge` over those requests;
 * - the webview, which exchanges the typed messages below with the extension.
 *
 * This module is pure data and validators: it imports neither `vscode` nor the
 * LSP libraries, so the server, the webview bundle and the tests can all use it.
 */

import type { WhatIfArgs } from '../../../server/src/core/engineArgs/whatIf';

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

/** What the advisor needs from ServeScope's analysis core. */
export interface AnalysisBridge {
  /** Compact grounded context for the active document: format, ServingPlan summary, findings, estimates, hardware. */
  context(uri: string): Promise<AdvisorContext>;
  /** Runs the capacity engine on the current plan with overrides. */
  estimate(uri: string, whatIf: WhatIf): Promise<unknown>;
  /** Analyzes candidate text as if it were the document at uri. */
  check(uri: string, text: string): Promise<CheckResult>;
  /** Runs the SLA capacity planner for the document's model at the given traffic and SLO. */
  planCapacity(uri: string, ask: PlanCapacityInput): Promise<PlanCapacityResult>;
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

// ---------------------------------------------------------------------------
// Webview ⇄ extension messages.

/** Commands the webview may ask the extension to run (an allow-list). */
export const WEBVIEW_COMMANDS = ['setApiKey', 'openSettings'] as const;
export type WebviewCommand = (typeof WEBVIEW_COMMANDS)[number];

/** Messages the webview sends. Every one is validated by `parseWebviewMessage`. */
export type WebviewToExtension =
  | { type: 'ready' }
  | { type: 'send'; text: string }
  | { type: 'stop' }
  | { type: 'newConversation' }
  | { type: 'apply'; proposalId: string }
  | { type: 'discard'; proposalId: string }
  | { type: 'command'; command: WebviewCommand };

/** Longest question the panel accepts; longer pastes belong in the file. */
export const MAX_QUESTION_CHARS = 20_000;

/**
 * Validates a message from the webview. The webview runs model-authored
 * markdown (sanitised), so the extension treats whatever it receives as
 * untrusted and accepts only these exact shapes.
 */
export function parseWebviewMessage(raw: unknown): WebviewToExtension | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string') return undefined;
  const keys = Object.keys(raw);
  const only = (...allowed: string[]) => keys.every((k) => k === 'type' || allowed.includes(k));
  switch (raw.type) {
    case 'ready':
    case 'stop':
    case 'newConversation':
      return only() ? { type: raw.type } : undefined;
    case 'send':
      return only('text') && typeof raw.text === 'string' && raw.text.trim() !== '' && raw.text.length <= MAX_QUESTION_CHARS
        ? { type: 'send', text: raw.text }
        : undefined;
    case 'apply':
    case 'discard':
      return only('proposalId') && typeof raw.proposalId === 'string' && /^[A-Za-z0-9-]{1,64}$/.test(raw.proposalId)
        ? { type: raw.type, proposalId: raw.proposalId }
        : undefined;
    case 'command':
      return only('command') && (WEBVIEW_COMMANDS as readonly unknown[]).includes(raw.command)
        ? { type: 'command', command: raw.command as WebviewCommand }
        : undefined;
    default:
      return undefined;
  }
}

/** One entry of the transcript the panel shows (not the API history). */
export type DisplayItem =
  | { kind: 'user'; text: string }
  | { kind: 'assistant'; text: string; status?: 'streaming' | 'done' | 'cancelled' | 'error' }
  | { kind: 'tool'; text: string; isError?: boolean }
  | { kind: 'notice'; text: string; level: 'info' | 'error'; action?: WebviewCommand; actionLabel?: string }
  | { kind: 'proposal'; proposal: ProposalView };

/** A line of a unified diff. */
export interface DiffLine {
  op: ' ' | '+' | '-';
  text: string;
  /** 1-based line in the old text (for ' ' and '-'). */
  oldLine?: number;
  /** 1-based line in the new text (for ' ' and '+'). */
  newLine?: number;
}

export interface DiffHunk {
  header: string;
  lines: DiffLine[];
}

export interface EstimateChange {
  key: string;
  before: string;
  after: string;
}

/** What the panel shows for a proposed edit. */
export interface ProposalView {
  id: string;
  fileName: string;
  rationale: string;
  hunks: DiffHunk[];
  /** Findings the edit resolves / introduces (warnings only: new errors are refused). */
  resolved: AdvisorFinding[];
  introduced: AdvisorFinding[];
  estimateChanges: EstimateChange[];
  summaryBefore?: string;
  summaryAfter?: string;
  state: 'pending' | 'applied' | 'discarded' | 'stale';
}

/** Messages the extension sends to the webview. */
export type ExtensionToWebview =
  | { type: 'state'; items: DisplayItem[]; busy: boolean; hasKey: boolean; model: string }
  | { type: 'append'; item: DisplayItem }
  | { type: 'delta'; text: string }
  | { type: 'busy'; busy: boolean }
  | { type: 'proposalState'; id: string; state: ProposalView['state'] };

/** Light validation on the webview side: the extension is trusted, but a shape slip should not throw. */
export function isExtensionMessage(raw: unknown): raw is ExtensionToWebview {
  if (!isRecord(raw) || typeof raw.type !== 'string') return false;
  switch (raw.type) {
    case 'state':
      return Array.isArray(raw.items) && typeof raw.busy === 'boolean';
    case 'append':
      return isRecord(raw.item) && typeof raw.item.kind === 'string';
    case 'delta':
      return typeof raw.text === 'string';
    case 'busy':
      return typeof raw.busy === 'boolean';
    case 'proposalState':
      return typeof raw.id === 'string' && typeof raw.state === 'string';
    default:
      return false;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
