/**
 * An AnalysisBridge for the advisor tests that calls ServeScope's real core in
 * process: `analyze()` for findings, and the language server's own pure handlers
 * for what-if estimates (`whatIfEstimate`) and plans (`planCapacityFor`), so a
 * test sees the numbers the extension would. Only the transport is left out.
 */
import { analyze } from '../../server/src/core/analyze';
import type { Analysis } from '../../server/src/core/analysis';
import { whatIfEstimate } from '../../server/src/lsp/advisorRequests';
import { planCapacityFor } from '../../server/src/lsp/planCapacityRequest';
import { architectureResult } from '../../server/src/lsp/architectureRequest';
import type { AdvisorContext, AdvisorFinding, AnalysisBridge, CheckResult, PlanCapacityInput, WhatIf } from '../../client/src/advisor/protocol';

/** GPU used when neither the what-if nor a `# servescope: gpu=` comment names one (the setting a user would have). */
const FALLBACK_GPU = 'A100-SXM4-40GB';

const URI = 'file:///test/vllm-config.yaml';

function analysisOf(text: string, uri = URI): Analysis {
  return analyze({ uri, text, settings: { hardware: { gpu: FALLBACK_GPU } } });
}

/** The real what-if handler's report for a config + overrides. */
export function coreEstimate(text: string, whatIf: WhatIf): Record<string, unknown> & { ok?: boolean; gpu?: string; kv_cache_gib?: number; max_concurrency?: number; fits?: boolean; tensor_parallel_size?: number; output_tok_s?: number } {
  return whatIfEstimate(analysisOf(text), whatIf);
}

/** The real plan_capacity handler's answer for a config. */
export function corePlan(text: string, ask: PlanCapacityInput): Record<string, unknown> {
  return planCapacityFor(analysisOf(text), ask);
}

/** Real findings from `analyze()`, with 1-based lines. */
export function coreFindings(uri: string, text: string): AdvisorFinding[] {
  const a = analyze({ uri, text });
  return a.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, line: text.slice(0, f.range.start).split('\n').length }));
}

export function coreCheck(uri: string, text: string): CheckResult {
  const findings = coreFindings(uri, text);
  if (findings.some((f) => f.severity === 'error')) return { findings };
  const r = coreEstimate(text, {});
  return {
    findings,
    summary: r.ok ? `KV cache ${r.kv_cache_gib} GiB per GPU, max concurrency ${r.max_concurrency}` : undefined,
    estimates: r.ok ? { kv_cache_gib: r.kv_cache_gib, max_concurrency: r.max_concurrency, fits: r.fits } : undefined,
  };
}

/** A bridge over an in-memory document map (uri → text). Records calls. */
export function testBridge(docs: Map<string, string>): AnalysisBridge & { calls: { method: string; uri: string; arg?: unknown }[] } {
  const calls: { method: string; uri: string; arg?: unknown }[] = [];
  const textOf = (uri: string) => {
    const t = docs.get(uri);
    if (t === undefined) throw new Error(`test bridge: no document ${uri}`);
    return t;
  };
  return {
    calls,
    async context(uri): Promise<AdvisorContext> {
      calls.push({ method: 'context', uri });
      const text = textOf(uri);
      const r = coreEstimate(text, {});
      return {
        uri,
        format: analyze({ uri, text }).detection.format,
        text,
        findings: coreFindings(uri, text),
        estimates: { kv_cache_gib: r.kv_cache_gib, max_concurrency: r.max_concurrency, fits: r.fits },
        hardware: { gpu: r.gpu, origin: 'modeline' },
      };
    },
    async estimate(uri, whatIf) {
      calls.push({ method: 'estimate', uri, arg: whatIf });
      return coreEstimate(textOf(uri), whatIf);
    },
    async check(uri, text) {
      calls.push({ method: 'check', uri, arg: text });
      textOf(uri);
      return coreCheck(uri, text);
    },
    async planCapacity(uri, ask) {
      calls.push({ method: 'planCapacity', uri, arg: ask });
      return corePlan(textOf(uri), ask);
    },
    async architecture(uri) {
      calls.push({ method: 'architecture', uri });
      return architectureResult(analyze({ uri, text: textOf(uri) }), uri, 1);
    },
  };
}
