/**
 * The advisor's tools and their executor. Each tool call is validated here,
 * then answered by ServeScope's core through the `AnalysisBridge`: the model
 * gets numbers from the engine, never from itself. `propose_edit` can only
 * create a pending proposal; applying it needs the user's click in the panel.
 */
import type { AdvisorTools, ToolDefinition, ToolOutcome } from './conversation';
import type { AdvisorFinding, AnalysisBridge, CheckResult, PlanCapacityInput, Traffic, WhatIf } from './protocol';
import { engineArg } from '../../../server/src/core/engineArgs/table';
import { whatIfSchemaProperties, whatIfValueProblem } from '../../../server/src/core/engineArgs/whatIf';
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
  description: 'The load the estimate is quoted at. Omit fields that are unknown.',
  properties: {
    input_len: { type: 'integer', minimum: 1, description: 'Prompt tokens per request.' },
    output_len: { type: 'integer', minimum: 1, description: 'Generated tokens per request.' },
    concurrency: { type: 'integer', minimum: 1, description: 'Requests in flight per replica.' },
  },
  additionalProperties: false,
} as const;

const OBJECTIVES = ['cost', 'throughput', 'latency'] as const;

/** plan_capacity's input: traffic and an SLO; the planner does the search. */
export const PLAN_CAPACITY_SCHEMA = {
  type: 'object',
  properties: {
    rps: { type: 'number', exclusiveMinimum: 0, description: 'Peak arrival rate, requests per second.' },
    avg_rps: { type: 'number', exclusiveMinimum: 0, description: 'Average arrival rate (for the cost at average load); default the peak.' },
    input_len: { type: 'integer', minimum: 1, description: 'Mean prompt tokens per request.' },
    output_len: { type: 'integer', minimum: 1, description: 'Mean generated tokens per request.' },
    slo: { type: 'string', description: 'Latency targets as "ttft:p95<800ms;tpot:p95<60ms;e2e:p99<20s" (metrics ttft, tpot, e2e; percentiles p50, p90, p95, p99).' },
    gpus: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 12, description: 'GPUs to consider, e.g. ["H100-SXM-80GB", "L40S"]; default the file\'s GPU, else every priced one.' },
    objective: { type: 'string', enum: [...OBJECTIVES], description: 'min cost within the SLO (default), max throughput within budget_usd_per_hour, or min latency.' },
    budget_usd_per_hour: { type: 'number', exclusiveMinimum: 0, description: 'Most the fleet may cost, $/hour; needed for the throughput objective.' },
  },
  required: ['rps'],
  additionalProperties: false,
} satisfies ToolDefinition['input_schema'];

/** Tool definitions sent to the model. */
export const TOOL_DEFINITIONS: ToolDefinition[] = [
  {
    name: 'estimate_what_if',
    description:
      "Runs ServeScope's capacity engine on the serving plan of the user's current config, with the given overrides, and returns memory per GPU (weights, activations, KV cache), KV-cache capacity in tokens, max concurrency, whether it fits, and at the given concurrency the throughput, mean TTFT/TPOT and cost. Use it for every number you quote about one replica. For replicas at a request rate or a latency SLO, call plan_capacity instead. Fields not given keep the config's values.",
    input_schema: {
      type: 'object',
      properties: {
        deployment: { type: 'string', description: 'Name of the deployment in a multi-deployment file; default the first.' },
        gpu: { type: 'string', description: 'GPU model, e.g. "H100-80GB", "A100-40GB", "L4", "L40S".' },
        // vLLM's engine arguments, from ServeScope's one table of them.
        ...whatIfSchemaProperties(),
        replicas: { type: 'integer', minimum: 1 },
        traffic: TRAFFIC_SCHEMA,
      },
      additionalProperties: false,
    },
  },
  {
    name: 'plan_capacity',
    description:
      "Runs ServeScope's SLA capacity planner for the model of the user's current config: simulates vLLM's scheduler at the given traffic, finds the highest request rate per replica that meets every SLO target (p50-p99 TTFT, TPOT, end-to-end), and sizes the fleet (replicas with headroom, GPUs, $/hour, $ per 1M output tokens) over the GPUs and tensor-parallel sizes that fit. Returns the chosen plan with its percentiles and meets_slo, the cost/latency alternatives, and, when no plan meets the SLO, which target the closest one misses. Use it for every replica count, request rate or latency percentile you quote.",
    input_schema: PLAN_CAPACITY_SCHEMA,
  },
  {
    name: 'production_artifacts',
    description:
      "Returns what ServeScope generates to run the user's current config in production, at the traffic and SLO the file's # servescope comment or the settings state: the plan summary, the topology diagram, the recommended changes to the file, and the generated files: the autoscaling config (KEDA ScaledObject or HPA for vLLM/Triton, Ray Serve autoscaling_config, BentoML scaling), the Prometheus alert rules and the Grafana dashboard's panels. These are the exact files the panel offers to save and the CLI's `servescope autoscale` / `servescope observe` write. Use it when the user asks how to autoscale, alert on or monitor the deployment, and quote thresholds from it. When the file states no traffic or SLO, it says what to add; use plan_capacity to explore other traffic.",
    input_schema: { type: 'object', properties: {}, additionalProperties: false },
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
/** production_artifacts returns whole files (an alert-rules file alone is some 10,000 characters), so it may say more. */
const MAX_ARTIFACTS_RESULT_CHARS = 24_000;
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
          case 'plan_capacity':
            return await planCapacity(deps, input);
          case 'production_artifacts':
            return await productionArtifacts(deps, input);
          default:
            return fail(name, `unknown tool "${name}"; available: ${TOOL_DEFINITIONS.map((t) => t.name).join(', ')}`);
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

/** The front every engine-backed tool shares: validate the input, then ask about the open document. */
async function onDocument<T>(deps: ToolDeps, name: string, input: unknown, parse: (x: unknown) => T | string, run: (uri: string, parsed: T) => Promise<ToolOutcome>): Promise<ToolOutcome> {
  const parsed = parse(input);
  if (typeof parsed === 'string') return fail(name, parsed);
  const doc = deps.getDocument();
  if (!doc) return noDocument(name);
  return run(doc.uri, parsed);
}

function estimateWhatIf(deps: ToolDeps, input: unknown): Promise<ToolOutcome> {
  const name = 'estimate_what_if';
  return onDocument(deps, name, input, parseWhatIf, async (uri, parsed) => {
    const result = await deps.bridge.estimate(uri, parsed);
    const overrides = Object.entries(parsed)
      .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(', ');
    return { content: clip(JSON.stringify(result)), isError: false, summary: `${name}: ${overrides || 'current config'}` };
  });
}

function planCapacity(deps: ToolDeps, input: unknown): Promise<ToolOutcome> {
  const name = 'plan_capacity';
  return onDocument(deps, name, input, parsePlanCapacity, async (uri, parsed) => {
    const result = await deps.bridge.planCapacity(uri, parsed);
    if (result.ok === false) return fail(name, String(result.error ?? 'the planner could not plan this'));
    const chosen = (result.chosen ?? {}) as Record<string, unknown>;
    const verdict = result.meets_slo ? 'meets the SLO' : 'misses the SLO';
    return { content: clip(JSON.stringify(result)), isError: false, summary: `${name}: ${parsed.rps} req/s → ${String(chosen.replicas ?? '?')} × ${String(chosen.gpu ?? '?')} TP ${String(chosen.tensor_parallel_size ?? '?')}, ${verdict}` };
  });
}

function productionArtifacts(deps: ToolDeps, input: unknown): Promise<ToolOutcome> {
  const name = 'production_artifacts';
  const parse = (x: unknown) => (isRecord(x) && Object.keys(x).length === 0 ? {} : 'takes no input: it reads the traffic and SLO the file states');
  return onDocument(deps, name, input, parse, async (uri) => {
    const r = await deps.bridge.architecture(uri);
    if (r.missing) return fail(name, `${r.missing.message} Example: ${r.missing.example}`);
    if (!r.ok) return fail(name, r.summary.join(' ') || 'the planner could not plan this file');
    return { content: clip(renderArtifacts(r), MAX_ARTIFACTS_RESULT_CHARS), isError: false, summary: `${name}: ${r.artifacts.map((a) => a.fileName).join(', ') || 'no files'}` };
  });
}

/**
 * The view as text for the model: the YAML files whole (they are short and their comments
 * carry the reasons), the dashboard as its panel titles (its JSON is long and says nothing
 * the panels don't).
 */
function renderArtifacts(r: Awaited<ReturnType<AnalysisBridge['architecture']>>): string {
  const out = ['summary:', ...r.summary.map((l) => `- ${l}`)];
  if (r.diagram) out.push('diagram:', r.diagram);
  if (r.proposal) {
    out.push(`recommended changes (${r.proposal.label}):`, ...(r.proposal.changes.length ? r.proposal.changes.map((c) => `- ${c}`) : ['- none: the file already runs it']));
    if (r.proposal.manual.length) out.push('to change by hand:', ...r.proposal.manual.map((m) => `- ${m}`));
    if (r.proposal.refused) out.push(`the panel's Apply is refused: ${r.proposal.refused}`);
  }
  for (const a of r.artifacts) {
    if (a.language === 'json') {
      const titles = dashboardPanels(a.text);
      out.push(`file ${a.fileName} (${a.name}): panels ${titles.length ? titles.join('; ') : 'unreadable'}`);
    } else out.push(`file ${a.fileName} (${a.name}):`, a.text.trimEnd());
  }
  out.push(...r.notes.map((n) => `note: ${n}`));
  return out.join('\n');
}

function dashboardPanels(json: string): string[] {
  try {
    const d = JSON.parse(json) as { panels?: { title?: unknown }[] };
    return (d.panels ?? []).map((p) => String(p.title ?? '')).filter(Boolean);
  } catch {
    return [];
  }
}

/** Validates the model's plan_capacity input; returns the reason when it is wrong. */
export function parsePlanCapacity(input: unknown): PlanCapacityInput | string {
  if (!isRecord(input)) return 'input must be an object';
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (k === 'rps' || k === 'avg_rps' || k === 'budget_usd_per_hour') {
      const bad = checkNumber(v, 'num');
      if (bad) return `${k} ${bad}`;
    } else if (k === 'input_len' || k === 'output_len') {
      const bad = checkNumber(v, 'int');
      if (bad) return `${k} ${bad}`;
    } else if (k === 'slo') {
      if (typeof v !== 'string' || v.trim() === '' || v.length > 500) return 'slo must be a non-empty string such as "ttft:p95<800ms;tpot:p95<60ms"';
    } else if (k === 'gpus') {
      if (!Array.isArray(v) || v.length === 0 || v.length > 12 || v.some((g) => typeof g !== 'string' || g.trim() === '' || g.length > 200)) return 'gpus must be a list of 1 to 12 GPU names';
    } else if (k === 'objective') {
      if (!(OBJECTIVES as readonly unknown[]).includes(v)) return `objective must be one of ${OBJECTIVES.join(', ')}`;
    } else return `unknown field "${k}"`;
    out[k] = typeof v === 'string' ? v.trim() : Array.isArray(v) ? v.map((g: string) => g.trim()) : v;
  }
  if (out.rps === undefined) return '"rps" (peak requests per second) is required';
  return out as unknown as PlanCapacityInput;
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

const WHAT_IF_STRINGS = ['deployment', 'gpu'];
const TRAFFIC_INTS = ['input_len', 'output_len', 'concurrency'];

/** Validates the model's estimate input; returns the reason when it is wrong. */
export function parseWhatIf(input: unknown): WhatIf | string {
  if (!isRecord(input)) return 'input must be an object';
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    const arg = engineArg(k);
    if (k === 'traffic') {
      if (!isRecord(v)) return '"traffic" must be an object';
      const t: Record<string, number> = {};
      for (const [tk, tv] of Object.entries(v)) {
        if (!TRAFFIC_INTS.includes(tk)) return `unknown traffic field "${tk}"${/rps|requests_per_s|p\d\d/.test(tk) ? ' (request rates and latency targets are plan_capacity\'s)' : ''}`;
        const bad = checkNumber(tv, 'int');
        if (bad) return `traffic.${tk} ${bad}`;
        t[tk] = tv as number;
      }
      out.traffic = t as Traffic;
    } else if (k === 'replicas') {
      const bad = checkNumber(v, 'int');
      if (bad) return `${k} ${bad}`;
      out[k] = v;
    } else if (arg?.whatIf) {
      const bad = whatIfValueProblem(arg, v);
      if (bad) return `${k} ${bad}`;
      out[k] = typeof v === 'string' ? v.trim() : v;
    } else if (WHAT_IF_STRINGS.includes(k)) {
      if (typeof v !== 'string' || v.trim() === '' || v.length > 200) return `${k} must be a non-empty string`;
      out[k] = v.trim();
    } else {
      return `unknown field "${k}"`;
    }
  }
  return out as WhatIf;
}

function checkNumber(v: unknown, kind: 'int' | 'num'): string | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v)) return 'must be a number';
  if (kind === 'int' && (!Number.isInteger(v) || v < 1)) return 'must be a positive integer';
  if (kind === 'num' && v <= 0) return 'must be positive';
  return undefined;
}

function clip(s: string, max = MAX_RESULT_CHARS): string {
  return s.length > max ? `${s.slice(0, max)}…(truncated)` : s;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
