/**
 * The planner's reports: the CLI's `--json` contract and its text table. Kept
 * apart from the engine so the numbers are computed once and only printed here.
 */
import type { SimResult } from './simulate';
import { STABLE_FRACTION } from './operatingPoint';
import { label, type CandidatePlan, type PlanResult } from './plan';

const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;

export interface PlanJson {
  gpu: string;
  tensor_parallel_size: number;
  pipeline_parallel_size: number;
  replicas: number | null;
  total_gpus: number | null;
  max_rps_per_replica: number;
  knee_rps_per_replica: number | null;
  sustainable_rps_per_replica: number;
  p50_ttft_ms: number | null;
  p95_ttft_ms: number | null;
  p99_ttft_ms: number | null;
  p50_tpot_ms: number | null;
  p95_tpot_ms: number | null;
  p99_tpot_ms: number | null;
  p95_e2e_ms: number | null;
  output_tok_s: number | null;
  usd_per_hour: number | null;
  usd_per_hour_at_average: number | null;
  usd_per_1m_output_tokens: number | null;
  utilisation_at_average: number | null;
  meets_slo: boolean;
  skipped?: string;
  settings: Record<string, string | number | boolean>;
  assumptions: string[];
}

export interface CurvePointJson {
  plan: number;
  rps: number;
  p50_ttft_ms: number;
  p95_ttft_ms: number;
  p99_ttft_ms: number;
  p50_tpot_ms: number;
  p95_tpot_ms: number;
  p95_e2e_ms: number;
  output_tok_s: number;
  mean_running: number;
  kv_usage: number;
  saturated: boolean;
}

/** One plan's row as the CLI prints it; the editor's table shows the same numbers. */
export function planJson(p: CandidatePlan): PlanJson {
  const at = p.atPeak ?? (p.op && p.op.maxRps === 0 ? p.op.unloaded : undefined);
  const n = (x: number | undefined) => (x === undefined ? null : r1(x));
  return {
    gpu: p.candidate.gpu.id,
    tensor_parallel_size: p.candidate.tp,
    pipeline_parallel_size: p.candidate.pp,
    replicas: p.fleet && Number.isFinite(p.fleet.replicas) ? p.fleet.replicas : null,
    total_gpus: p.fleet && Number.isFinite(p.fleet.totalGpus) ? p.fleet.totalGpus : null,
    max_rps_per_replica: r2(p.op?.maxRps ?? 0),
    knee_rps_per_replica: p.op?.kneeRps !== undefined ? r2(p.op.kneeRps) : null,
    sustainable_rps_per_replica: r2(p.saturationRps),
    p50_ttft_ms: n(at?.ttftMs.p50),
    p95_ttft_ms: n(at?.ttftMs.p95),
    p99_ttft_ms: n(at?.ttftMs.p99),
    p50_tpot_ms: n(at?.tpotMs.p50),
    p95_tpot_ms: n(at?.tpotMs.p95),
    p99_tpot_ms: n(at?.tpotMs.p99),
    p95_e2e_ms: n(at?.e2eMs.p95),
    output_tok_s: at ? Math.round(at.outputTokS) : null,
    usd_per_hour: p.fleet?.usdPerHourAtPeak != null ? r2(p.fleet.usdPerHourAtPeak) : null,
    usd_per_hour_at_average: p.fleet?.usdPerHourAtAverage != null ? r2(p.fleet.usdPerHourAtAverage) : null,
    usd_per_1m_output_tokens: p.fleet?.usdPer1mOutputTokens != null ? r2(p.fleet.usdPer1mOutputTokens) : null,
    utilisation_at_average: p.fleet ? r2(p.fleet.utilisationAtAverage) : null,
    meets_slo: p.meetsSlo,
    ...(p.skipped ? { skipped: p.skipped } : {}),
    settings: p.settings,
    assumptions: [...(p.fleet?.assumptions ?? []), ...p.assumptions],
  };
}

/** One simulated rate of a plan's curve, rounded for display. */
export function curveJson(plan: number, r: SimResult): CurvePointJson {
  return {
    plan,
    rps: r2(r.rate),
    p50_ttft_ms: r1(r.ttftMs.p50),
    p95_ttft_ms: r1(r.ttftMs.p95),
    p99_ttft_ms: r1(r.ttftMs.p99),
    p50_tpot_ms: r1(r.tpotMs.p50),
    p95_tpot_ms: r1(r.tpotMs.p95),
    p95_e2e_ms: r1(r.e2eMs.p95),
    output_tok_s: Math.round(r.outputTokS),
    mean_running: r1(r.meanRunning),
    kv_usage: r2(r.meanKvUsage),
    saturated: r.saturated,
  };
}

/** `servescope plan --json`: `{"plans":[...],"chosen":i,"curve":[...]}`, stable for scripts. */
export function toPlanJson(res: PlanResult): Record<string, unknown> {
  const curve: CurvePointJson[] = [];
  res.plans.forEach((p, i) => p.op?.curve.forEach((c) => curve.push(curveJson(i, c))));
  return {
    ok: res.ok,
    ...(res.errors.length ? { errors: res.errors } : {}),
    slo: res.slo,
    objective: res.objective,
    chosen: res.chosen,
    frontier: res.frontier,
    ...(res.unreachable ? { unreachable: res.unreachable } : {}),
    plans: res.plans.map(planJson),
    curve,
    assumptions: res.assumptions,
  };
}

/** The text report: the recommendation, then the best alternatives, then the assumptions. */
export function renderPlanText(res: PlanResult, most = 8): string {
  if (!res.ok) return `cannot plan:\n${res.errors.map((e) => `  - ${e}`).join('\n')}`;
  const lines: string[] = [];
  const chosen = res.plans[res.chosen];
  if (!chosen) return `no candidate could be evaluated:\n${res.plans.map((p) => `  - ${label(p)}: ${p.skipped ?? 'not evaluated'}`).join('\n')}`;
  const head = (p: CandidatePlan) => {
    const j = planJson(p);
    const cost = j.usd_per_hour !== null ? `$${j.usd_per_hour.toFixed(2)}/h at peak` : 'no price known';
    return `${label(p)} (${j.total_gpus ?? '?'} GPUs, ${cost}) · ${j.max_rps_per_replica} req/s per replica within the SLO · p95 TTFT ${j.p95_ttft_ms ?? '?'} ms · p95 TPOT ${j.p95_tpot_ms ?? '?'} ms · p95 E2E ${j.p95_e2e_ms ?? '?'} ms`;
  };
  lines.push(res.unreachable ? `SLO ${res.slo} is not reachable: ${res.unreachable}` : `plan for ${res.slo} (objective: ${res.objective}):`);
  lines.push(`  ${chosen.meetsSlo ? '✓' : '✗'} ${head(chosen)}`);
  const j = planJson(chosen);
  if (chosen.op) {
    const knee = chosen.op.kneeRps !== undefined ? `; latency takes off from ~${r2(chosen.op.kneeRps)} req/s per replica` : '';
    lines.push(`    one replica sustains at most ~${r2(chosen.saturationRps)} req/s${knee}`);
    if (chosen.op.maxRps >= 0.89 * chosen.saturationRps) lines.push(`    the SLO holds up to the ${Math.round(STABLE_FRACTION * 100)}% cap on the sustainable rate; beyond it a queue can grow faster than any run shows (--headroom keeps more back)`);
  }
  if (chosen.fleet) {
    const f = chosen.fleet;
    lines.push(`    at average load: ${f.replicasAtAverage} replicas${j.usd_per_hour_at_average !== null ? `, $${j.usd_per_hour_at_average.toFixed(2)}/h` : ''}${j.usd_per_1m_output_tokens !== null ? `, $${j.usd_per_1m_output_tokens.toFixed(2)} per 1M output tokens` : ''}; the peak fleet is ${Math.round(f.utilisationAtAverage * 100)}% busy on average`);
  }
  lines.push(`    settings: ${Object.entries(chosen.settings).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  const others = res.plans.map((p, i) => ({ p, i })).filter(({ p, i }) => i !== res.chosen && p.op && p.fleet).sort((a, b) => (a.p.fleet!.usdPerHourAtPeak ?? Infinity) - (b.p.fleet!.usdPerHourAtPeak ?? Infinity));
  if (others.length) {
    lines.push('alternatives:');
    for (const { p, i } of others.slice(0, most)) lines.push(`  ${p.meetsSlo ? '✓' : '✗'} ${head(p)}${res.frontier.includes(i) ? ' · Pareto' : ''}`);
  }
  const skipped = res.plans.filter((p) => p.skipped && !p.op).length;
  if (skipped) lines.push(`${skipped} candidate(s) not simulated (do not start, over the GPU limit, or cannot be cheaper): see --json`);
  lines.push(`assumes: ${[...res.assumptions, ...(chosen.fleet?.assumptions ?? [])].join('; ')}`);
  return lines.join('\n');
}
