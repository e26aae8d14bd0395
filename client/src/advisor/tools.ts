/**
 * The advisor's tools and their executor. Each tool call is validated here,
 * then answered by ServeScope's core through the `AnalysisBridge`: the model
 * gets numbers from the engine, never from itself. `propose_edit` can only
 * create a pending proposal; applying it needs the user's click in the panel.
 */
import type { AdvisorTools, ToolDefinition, ToolOutcome } from './conversation';
import type { AdvisorFinding, AnalysisBridge, CheckResult, Traffic, WhatIf } from './protocol';
import {
  applyReplacements,
  diffLines,
  estimateChanges,
  findingDelta,
  newErrors,
  toHunks,
  type Proposal,
  type Replacement,
} from './proposals';

const TRAFFIC_SCHEMA = {
  type: 'object',
  description: 'Traffic to size for. Omit fields that are unknown.',
  properties: {
    requests_per_s: { type: 'number', exclusiveMinimum: 0, description: 'Arrival rate, requests per second.' },
    input_len: { type: 'integer', minimum: 1, description: 'Prompt tokens per request.' },
    output_len: { type: 'integer', minimum: 1, description: 'Generated tokens per request.' },
    concurrency: { type: 'integer', minimum: 1, description: 'Requests in flight, if known instead of a rate.' },
    p95_ttft_ms: { type: 'number', exclusiveMinimum: 0, description: 'Target p95 time to first token, ms.' },
    p95_tpot_ms: { type: 'number', exclusiveMinimum: 0, description: 'Target p95 time per output token, ms.' },
  },
  additionalProperties: false,
} as const;

/** Tool definitions sent to the model. */
export const TOOL_DEFINITIONS: ToolDefinition[] = [
  {
    name: 'estimate_what_if',
    description:
      "Runs ServeScope's capacity engine on the serving plan of the user's current config, with the given overrides, and returns memory per GPU (weights, activations, KV cache), KV-cache capacity in tokens, max concurrency, whether it fits, and for the given traffic the throughput, TTFT/TPOT and replica count and cost where the engine can compute them. Use it for every number you quote about a scenario. Fields not given keep the config's values.",
    input_schema: {
      type: 'object',
      properties: {
        deployment: { type: 'string', description: 'Name of the deployment in a multi-deployment file; default the first.' },
        gpu: { type: 'string', description: 'GPU model, e.g. "H100-80GB", "A100-40GB", "L4", "L40S".' },
        num_gpus: { type: 'integer', minimum: 1, description: 'GPUs in the target cluster.' },
        tensor_parallel_size: { type: 'integer', minimum: 1 },
        pipeline_parallel_size: { type: 'integer', minimum: 1 },
        max_model_len: { type: 'integer', minimum: 1 },
        dtype: { type: 'string', description: 'Weights dtype, e.g. bfloat16, float16.' },
        quantization: { type: 'string', description: 'e.g. fp8, awq, gptq; "none" to remove quantization.' },
        kv_cache_dtype: { type: 'string', description: 'auto, fp8, fp8_e4m3, fp8_e5m2.' },
        gpu_memory_utilization: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
        max_num_seqs: { type: 'integer', minimum: 1 },
        max_num_batched_tokens: { type: 'integer', minimum: 1 },
        replicas: { type: 'integer', minimum: 1 },
        traffic: TRAFFIC_SCHEMA,
      },
      additionalProperties: false,
    },
  },
  {
    name: 'check_config',
    description:
      "Runs ServeScope's full analysis (syntax, schema, capacity and startup rules) on a candidate config text as if it were the user's file, and returns the findings with line numbers and a short estimate summary. Pass the complete file text, not a fragment.",
    input_schema: {
      type: 'object',
      properties: { text: { type: 'string', description: 'The complete candidate file text.' } },
      required: ['text'],
      additionalProperties: false,
    },
  },
  {
    name: 'propose_edit',
    description:
      "Proposes a change to the user's file. ServeScope checks it first: a change that introduces new errors is refused with the reason. An accepted proposal is shown to the user as a diff with its effect on findings and estimates, and is applied only if the user presses Apply; it is never applied by this call. Give either the complete new text, or a list of exact {old, new} replacements (each old must occur exactly once), plus a one-paragraph rationale.",
    input_schema: {
      type: 'object',
      properties: {
        text: { type: 'string', description: 'The complete new file text.' },
        edits: {
          type: 'array',
          minItems: 1,
          maxItems: 20,
          items: {
            type: 'object',
            properties: {
              old: { type: 'string', description: 'Exact current text, including indentation.' },
              new: { type: 'string', description: 'Replacement text.' },
            },
            required: ['old', 'new'],
            additionalProperties: false,
          },
        },
        rationale: { type: 'string', description: 'Why this change, in one short paragraph.' },
      },
      required: ['rationale'],
      additionalProperties: false,
    },
  },
];

/** The document the conversation is about, read at the time a tool runs. */
export interface TargetDocument {
  uri: string;
  fileName: string;
  text: string;
}

export interface ToolDeps {
  bridge: AnalysisBridge;
  /** Undefined when no ServeScope document is open. */
  getDocument(): TargetDocument | undefined;
  /** Receives a proposal that passed the check; the panel shows it and waits for a click. */
  onProposal(proposal: Proposal): void;
  newId(): string;
}

const MAX_RESULT_CHARS = 12_000;
const MAX_CANDIDATE_CHARS = 2_000_000;

/** Builds the executor the conversation loop calls. */
export function createAdvisorTools(deps: ToolDeps): AdvisorTools {
  return {
    definitions: TOOL_DEFINITIONS,
    async execute(name, input, signal): Promise<ToolOutcome> {
      try {
        if (signal.aborted) return fail(name, 'cancelled by the user');
        switch (name) {
          case 'estimate_what_if':
            return await estimateWhatIf(deps, input);
          case 'check_config':
            return await checkConfig(deps, input);
          case 'propose_edit':
            return await proposeEdit(deps, input);
          default:
            return fail(name, `unknown tool "${name}"; available: estimate_what_if, check_config, propose_edit`);
        }
      } catch (err) {
        return fail(name, `ServeScope could not run this tool: ${String((err as Error)?.message ?? err)}`);
      }
    },
  };
}

function fail(name: string, reason: string): ToolOutcome {
  return { content: `Error: ${reason}`, isError: true, summary: `${name}: ${reason}` };
}

function noDocument(name: string): ToolOutcome {
  return fail(name, 'no ServeScope config is open in the editor, so there is nothing to analyse. Ask the user to open one.');
}

// ---------------------------------------------------------------------------

async function estimateWhatIf(deps: ToolDeps, input: unknown): Promise<ToolOutcome> {
  const name = 'estimate_what_if';
  const parsed = parseWhatIf(input);
  if (typeof parsed === 'string') return fail(name, parsed);
  const doc = deps.getDocument();
  if (!doc) return noDocument(name);
  const result = await deps.bridge.estimate(doc.uri, parsed);
  const overrides = Object.entries(parsed)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
  return { content: clip(JSON.stringify(result)), isError: false, summary: `${name}: ${overrides || 'current config'}` };
}

async function checkConfig(deps: ToolDeps, input: unknown): Promise<ToolOutcome> {
  const name = 'check_config';
  if (!isRecord(input) || typeof input.text !== 'string') return fail(name, '"text" (the complete candidate file) is required');
  if (input.text.length > MAX_CANDIDATE_CHARS) return fail(name, 'the candidate text is too large');
  const doc = deps.getDocument();
  if (!doc) return noDocument(name);
  const result = await deps.bridge.check(doc.uri, input.text);
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  return {
    content: clip(renderCheck(result)),
    isError: false,
    summary: `${name}: ${result.findings.length} finding(s), ${errors} error(s)`,
  };
}

function renderCheck(result: CheckResult): string {
  const lines = [`findings: ${result.findings.length === 0 ? 'none' : ''}`];
  for (const f of result.findings.slice(0, 50)) lines.push(`- line ${f.line} ${f.severity} ${f.code}: ${f.message}`);
  if (result.findings.length > 50) lines.push(`- … ${result.findings.length - 50} more`);
  if (result.summary) lines.push(`summary: ${result.summary}`);
  if (result.estimates) lines.push(`estimates: ${JSON.stringify(result.estimates)}`);
  return lines.join('\n');
}

async function proposeEdit(deps: ToolDeps, input: unknown): Promise<ToolOutcome> {
  const name = 'propose_edit';
  if (!isRecord(input)) return fail(name, 'input must be an object');
  const rationale = typeof input.rationale === 'string' ? input.rationale.trim() : '';
  if (rationale === '') return fail(name, '"rationale" is required');
  const hasText = typeof input.text === 'string';
  const edits = parseReplacements(input.edits);
  if (hasText === (edits !== undefined)) return fail(name, 'give exactly one of "text" (the complete new file) or "edits" (a list of {old, new})');
  if (typeof edits === 'string') return fail(name, edits);
  const doc = deps.getDocument();
  if (!doc) return noDocument(name);

  const original = doc.text;
  const built = hasText ? { ok: true as const, text: input.text as string } : applyReplacements(original, edits!);
  if (!built.ok) return fail(name, `refused: ${built.reason}`);
  if (built.text === original) return fail(name, 'refused: the proposal does not change the file');
  if (built.text.length > MAX_CANDIDATE_CHARS) return fail(name, 'refused: the candidate text is too large');

  const [before, after] = await Promise.all([deps.bridge.check(doc.uri, original), deps.bridge.check(doc.uri, built.text)]);
  const added = newErrors(before.findings, after.findings);
  if (added.length > 0) {
    return {
      content: `Refused: ServeScope's check found errors the current file does not have, so the proposal was not shown to the user. Fix them and propose again.\n${added
        .map((f) => `- line ${f.line} ${f.code}: ${f.message}`)
        .join('\n')}`,
      isError: true,
      summary: `${name}: refused, ${added.length} new error(s) (${[...new Set(added.map((f) => f.code))].join(', ')})`,
    };
  }

  const { resolved, introduced } = findingDelta(before.findings, after.findings);
  const changes = estimateChanges(before.estimates, after.estimates);
  const id = deps.newId();
  const proposal: Proposal = {
    id,
    uri: doc.uri,
    originalText: original,
    newText: built.text,
    view: {
      id,
      fileName: doc.fileName,
      rationale,
      hunks: toHunks(diffLines(original, built.text)),
      resolved,
      introduced,
      estimateChanges: changes,
      summaryBefore: before.summary,
      summaryAfter: after.summary,
      state: 'pending',
    },
  };
  deps.onProposal(proposal);
  const lines = [
    `Proposal ${id} passed ServeScope's check and is now shown to the user as a diff with Apply and Discard buttons. It has NOT been applied; only the user can apply it.`,
    `findings resolved: ${list(resolved)}`,
    `findings introduced (warnings or lower): ${list(introduced)}`,
    `estimate changes: ${changes.length ? changes.map((c) => `${c.key} ${c.before} → ${c.after}`).join('; ') : 'none reported'}`,
  ];
  if (after.summary) lines.push(`summary after the edit: ${after.summary}`);
  return { content: lines.join('\n'), isError: false, summary: `${name}: proposal shown, waiting for Apply` };
}

function list(fs: AdvisorFinding[]): string {
  return fs.length ? fs.map((f) => `${f.code} (line ${f.line})`).join(', ') : 'none';
}

function parseReplacements(v: unknown): Replacement[] | string | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0) return '"edits" must be a non-empty list of {old, new}';
  if (v.length > 20) return 'at most 20 edits per proposal';
  const out: Replacement[] = [];
  for (const [i, e] of v.entries()) {
    if (!isRecord(e) || typeof e.old !== 'string' || typeof e.new !== 'string') return `edit ${i + 1} must be {old: string, new: string}`;
    out.push({ old: e.old, new: e.new });
  }
  return out;
}

const WHAT_IF_NUMBERS: Record<string, 'int' | 'num' | 'fraction'> = {
  num_gpus: 'int',
  tensor_parallel_size: 'int',
  pipeline_parallel_size: 'int',
  max_model_len: 'int',
  gpu_memory_utilization: 'fraction',
  max_num_seqs: 'int',
  max_num_batched_tokens: 'int',
  replicas: 'int',
};
const WHAT_IF_STRINGS = ['deployment', 'gpu', 'dtype', 'quantization', 'kv_cache_dtype'];
const TRAFFIC_NUMBERS: Record<string, 'int' | 'num'> = {
  requests_per_s: 'num',
  input_len: 'int',
  output_len: 'int',
  concurrency: 'int',
  p95_ttft_ms: 'num',
  p95_tpot_ms: 'num',
};

/** Validates the model's estimate input; returns the reason when it is wrong. */
export function parseWhatIf(input: unknown): WhatIf | string {
  if (!isRecord(input)) return 'input must be an object';
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (k === 'traffic') {
      if (!isRecord(v)) return '"traffic" must be an object';
      const t: Record<string, number> = {};
      for (const [tk, tv] of Object.entries(v)) {
        const kind = TRAFFIC_NUMBERS[tk];
        if (!kind) return `unknown traffic field "${tk}"`;
        const bad = checkNumber(tv, kind);
        if (bad) return `traffic.${tk} ${bad}`;
        t[tk] = tv as number;
      }
      out.traffic = t as Traffic;
    } else if (WHAT_IF_NUMBERS[k]) {
      const bad = checkNumber(v, WHAT_IF_NUMBERS[k]!);
      if (bad) return `${k} ${bad}`;
      out[k] = v;
    } else if (WHAT_IF_STRINGS.includes(k)) {
      if (typeof v !== 'string' || v.trim() === '' || v.length > 200) return `${k} must be a non-empty string`;
      out[k] = v.trim();
    } else {
      return `unknown field "${k}"`;
    }
  }
  return out as WhatIf;
}

function checkNumber(v: unknown, kind: 'int' | 'num' | 'fraction'): string | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v)) return 'must be a number';
  if (kind === 'int' && (!Number.isInteger(v) || v < 1)) return 'must be a positive integer';
  if (kind === 'num' && v <= 0) return 'must be positive';
  if (kind === 'fraction' && (v <= 0 || v > 1)) return 'must be in (0, 1]';
  return undefined;
}

function clip(s: string): string {
  return s.length > MAX_RESULT_CHARS ? `${s.slice(0, MAX_RESULT_CHARS)}…(truncated)` : s;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
