/** `servescope estimate --json`: an Estimate flattened into the stable per-GPU report scripts and CI read. */
import type { Estimate } from './types';

/** The CLI's `--json` fields (per GPU), stable for scripts and CI. */
export interface JsonReport {
  ok: boolean;
  model?: string;
  gpu?: string;
  tensor_parallel_size: number;
  pipeline_parallel_size: number;
  weights_gib?: number;
  activation_gib?: number;
  non_torch_gib?: number;
  cuda_graph_gib?: number;
  kv_cache_gib?: number;
  kv_cache_tokens?: number;
  max_concurrency?: number;
  max_model_len?: number;
  fits?: boolean;
  problems?: { code: string; severity: string; message: string; setting?: string }[];
  output_tok_s?: number;
  ttft_ms?: number;
  tpot_ms?: number;
  saturation_tok_s?: number;
  usd_per_hour?: number | null;
  cost_per_1m_output_usd?: number | null;
  unknown?: { what: string; message: string; setting: string }[];
  assumptions: string[];
}

const r2 = (x: number): number => Math.round(x * 100) / 100;

/** Flattens an Estimate into the CLI's `--json` report. */
export function toJsonReport(e: Estimate): JsonReport {
  const out: JsonReport = {
    ok: e.ok,
    model: e.model?.id,
    gpu: e.gpu?.id,
    tensor_parallel_size: e.tensorParallel,
    pipeline_parallel_size: e.pipelineParallel,
    assumptions: e.assumptions,
  };
  if (e.unknown) out.unknown = e.unknown;
  const m = e.memory;
  if (m) {
    out.weights_gib = r2(m.weightsGib);
    out.activation_gib = r2(m.activationGib);
    out.non_torch_gib = r2(m.nonTorchGib);
    out.cuda_graph_gib = r2(m.cudaGraphGib);
    out.kv_cache_gib = r2(m.kvCacheGib);
    out.kv_cache_tokens = m.kvCacheTokens;
    out.max_concurrency = r2(m.maxConcurrency);
    out.max_model_len = m.maxModelLen;
    out.fits = m.fits;
    out.problems = m.problems.map((p) => ({ code: p.code, severity: p.severity, message: p.message, setting: p.setting }));
  }
  const t = e.throughput;
  if (t) {
    out.output_tok_s = r2(t.outputTokS);
    out.ttft_ms = r2(t.ttftMs);
    out.tpot_ms = r2(t.tpotMs);
    out.saturation_tok_s = r2(t.saturationTokS);
  }
  if (e.cost) {
    out.usd_per_hour = e.cost.usdPerHour === null ? null : r2(e.cost.usdPerHour);
    out.cost_per_1m_output_usd = e.cost.usdPer1mOutputTokens === null ? null : r2(e.cost.usdPer1mOutputTokens);
  }
  return out;
}

