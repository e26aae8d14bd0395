/**
 * An AnalysisBridge for the advisor tests that calls ServeScope's real core in
 * process: `analyze()` for findings and the capacity engine's `estimate()` for
 * numbers. In the extension the same calls happen in the language server behind
 * `servescope/advisorContext`, `servescope/estimate` and `servescope/check`.
 *
 * STAND-IN PART: `estimateInputFor` maps a flat vLLM YAML file plus a WhatIf
 * onto the engine's EstimateInput. The server will derive this from the
 * ServingPlan instead; this small mapping exists only so the tests can drive the
 * real engine before that wiring lands. It handles vLLM flag names only.
 */
import { parseDocument } from 'yaml';
import { analyze } from '../../server/src/core/analyze';
import { estimate, toJsonReport, type JsonReport } from '../../server/src/core/capacity';
import type { EstimateInput } from '../../server/src/core/capacity/types';
import type { AdvisorContext, AdvisorFinding, AnalysisBridge, CheckResult, WhatIf } from '../../client/src/advisor/protocol';

/** GPU used when neither the what-if nor a `# servescope: gpu=` comment names one. */
const FALLBACK_GPU = 'A100-SXM4-40GB';

/** Test-only mapping of a flat vLLM config + overrides to the engine's input (see the file comment). */
export function estimateInputFor(text: string, whatIf: WhatIf): EstimateInput {
  const cfg = (parseDocument(text).toJS() ?? {}) as Record<string, unknown>;
  const num = (k: string) => (typeof cfg[k] === 'number' ? (cfg[k] as number) : undefined);
  const str = (k: string) => (typeof cfg[k] === 'string' ? (cfg[k] as string) : undefined);
  const modelineGpu = /#\s*servescope:.*\bgpu=(\S+)/.exec(text)?.[1];
  const t = whatIf.traffic;
  return {
    model: str('model') ?? 'unknown',
    gpu: whatIf.gpu ?? modelineGpu ?? FALLBACK_GPU,
    tensorParallel: whatIf.tensor_parallel_size ?? num('tensor-parallel-size'),
    pipelineParallel: whatIf.pipeline_parallel_size ?? num('pipeline-parallel-size'),
    gpuMemoryUtilization: whatIf.gpu_memory_utilization ?? num('gpu-memory-utilization'),
    maxModelLen: whatIf.max_model_len ?? num('max-model-len'),
    maxNumSeqs: whatIf.max_num_seqs ?? num('max-num-seqs'),
    quantization: whatIf.quantization ?? str('quantization'),
    kvCacheDtype: whatIf.kv_cache_dtype ?? str('kv-cache-dtype'),
    workload: t ? { inputLen: t.input_len ?? 1024, outputLen: t.output_len ?? 256, concurrency: t.concurrency } : undefined,
  };
}

/** The real engine's report for a config + overrides. */
export function coreEstimate(text: string, whatIf: WhatIf): JsonReport & { replicas?: number } {
  const report = toJsonReport(estimate(estimateInputFor(text, whatIf)));
  return whatIf.replicas ? { ...report, replicas: whatIf.replicas } : report;
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
  };
}
