/**
 * Custom requests the advisor panel uses to ground its answers in ServeScope's own
 * analysis: the context of a document, what-if estimates, and checking a candidate
 * config. Method names and shapes are defined in server/src/protocol/advisor.ts.
 */
import { analyze } from '../core/analyze';
import type { Analysis } from '../core/analysis';
import { estimate, toJsonReport, type JsonReport } from '../core/capacity';
import { applyWhatIf } from '../core/engineArgs/whatIf';
import type { PlanEstimate } from '../core/capacity/planEstimate';
import type { Sourced } from '../core/plan';
import type { AnalysisStore, OpenDocuments, RequestRegistry } from './documents';
import {
  ADVISOR_CONTEXT_METHOD,
  CHECK_METHOD,
  ESTIMATE_METHOD,
  type AdvisorContext,
  type AdvisorContextParams,
  type AdvisorFinding,
  type CheckParams,
  type CheckResult,
  type EstimateParams,
  type WhatIf,
} from '../protocol/advisor';

const MAX_CONTEXT_TEXT = 16_000;

export function registerAdvisorRequests(connection: RequestRegistry, documents: OpenDocuments, store: AnalysisStore): void {
  const analysisOf = async (uri: string): Promise<Analysis> => {
    const doc = documents.get(uri);
    if (!doc) throw new Error(`ServeScope has no open document ${uri}`);
    return store.get(doc);
  };

  connection.onRequest(ADVISOR_CONTEXT_METHOD, async (p: AdvisorContextParams): Promise<AdvisorContext> => advisorContext(await analysisOf(p.uri)));

  connection.onRequest(ESTIMATE_METHOD, async (p: EstimateParams) => whatIfEstimate(await analysisOf(p.uri), p.whatIf));

  connection.onRequest(CHECK_METHOD, async (p: CheckParams): Promise<CheckResult> => {
    const a = analyzeLikeDocument(await analysisOf(p.uri), documents.get(p.uri)?.languageId, p.text);
    const first = a.estimates.find((e) => e.estimate?.ok);
    const r = first?.estimate ? toJsonReport(first.estimate) : undefined;
    return {
      findings: findingsOf(a),
      summary: r ? `${r.fits ? 'starts' : 'does not start'}: KV cache ${r.kv_cache_gib} GiB per GPU, max concurrency ${r.max_concurrency}, ${r.output_tok_s ?? '?'} output tok/s` : undefined,
      estimates: r ? headline(r) : undefined,
    };
  });
}

/** A candidate text analysed exactly like the document: same settings, language, format override and host (so the same companions). */
export function analyzeLikeDocument(base: Analysis, languageId: string | undefined, text: string): Analysis {
  return analyze({ uri: base.uri, text, languageId, settings: base.settings, override: base.detection.reason === 'setting' ? base.detection.format : null, host: base.host });
}

export function findingsOf(a: Analysis): AdvisorFinding[] {
  return a.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, line: a.lines.position(f.range.start).line + 1 }));
}

export function advisorContext(a: Analysis): AdvisorContext {
  const truncated = a.text.length > MAX_CONTEXT_TEXT;
  return {
    uri: a.uri,
    format: a.detection.format,
    schema: a.detection.schema,
    detection: `${a.detection.reason}: ${a.detection.detail}`,
    text: truncated ? a.text.slice(0, MAX_CONTEXT_TEXT) : a.text,
    truncated,
    plan: a.plan ? { format: a.plan.format, deployments: a.plan.deployments.map((d) => stripSources(d)) } : undefined,
    findings: findingsOf(a),
    estimates: a.estimates.map((e) => ({
      deployment: e.deployment.name,
      hardwareOrigin: e.hardwareOrigin,
      clusterGpus: e.clusterGpus,
      missing: e.missing.length ? e.missing : undefined,
      ...(e.estimate ? toJsonReport(e.estimate) : {}),
    })),
    hardware: { gpu: a.modeline?.gpu ?? (a.settings.hardware.gpu || undefined), count: a.modeline?.count ?? a.settings.hardware.count, origin: a.modeline?.gpu ? 'modeline' : a.settings.hardware.gpu ? 'setting' : undefined },
    workload: a.settings.workload,
  };
}

/** Plan values without ranges or paths: what the model needs, half the tokens. */
function stripSources(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripSources);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if ('value' in o && ('range' in o || 'path' in o || 'keyRange' in o || Object.keys(o).length === 1)) return (o as unknown as Sourced<unknown>).value;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) if (k !== 'range' && k !== 'keyRange') out[k] = stripSources(x);
  return out;
}

function headline(r: JsonReport): Record<string, unknown> {
  return {
    fits: r.fits,
    kv_cache_gib: r.kv_cache_gib,
    kv_cache_tokens: r.kv_cache_tokens,
    max_concurrency: r.max_concurrency,
    output_tok_s: r.output_tok_s,
    ttft_ms: r.ttft_ms,
    tpot_ms: r.tpot_ms,
    usd_per_hour: r.usd_per_hour,
  };
}

/**
 * Applies the advisor's overrides to the deployment's engine input and runs the
 * engine. Replicas for a request rate and latency targets are the planner's
 * question (servescope/planCapacity), so nothing here sizes a fleet.
 */
export function whatIfEstimate(a: Analysis, w: WhatIf): Record<string, unknown> {
  const pe: PlanEstimate | undefined = w.deployment ? a.estimates.find((e) => e.deployment.name === w.deployment) : a.estimates.find((e) => e.input) ?? a.estimates[0];
  if (!pe) return { ok: false, error: 'this file has no deployment ServeScope can estimate' };
  const base = pe.input;
  if (!base && !w.gpu) return { ok: false, error: 'no estimate input for this deployment', missing: pe.missing };
  const t = w.traffic;
  const input = applyWhatIf({ ...(base ?? { model: pe.deployment.model.id?.value ?? '', gpu: w.gpu! }), ...(w.gpu !== undefined && { gpu: w.gpu }) }, w as Record<string, unknown>);
  if (t) {
    const wl = base?.workload ?? { inputLen: a.settings.workload.inputLen, outputLen: a.settings.workload.outputLen };
    input.workload = { inputLen: t.input_len ?? wl.inputLen, outputLen: t.output_len ?? wl.outputLen, concurrency: t.concurrency ?? wl.concurrency };
  }
  const report: Record<string, unknown> = { deployment: pe.deployment.name, ...toJsonReport(estimate(input)) };
  if (w.replicas) report.replicas = w.replicas;
  return report;
}
