/**
 * Accuracy benchmark of the planner's scheduler simulation against published
 * load tests (test/planner/cases.json, each with its source): vLLM benchmark runs
 * at a fixed request rate (Poisson) or a fixed concurrency (closed loop). Prints
 * one row per case, then median and worst error of p50/p99 TTFT, p50/p99 TPOT and
 * output tokens/s, overall and on held-out cases; and, per rate sweep, the
 * highest rate meeting an SLO stated from the sweep's own lowest-rate TPOT.
 *
 *   node --import tsx scripts/bench-planner.ts [--json]
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineModel } from '../server/src/core/capacity/estimate';
import type { EstimateInput } from '../server/src/core/capacity/types';
import { sampleRequests, simulate, type SimResult } from '../server/src/core/planner/simulate';

interface Case {
  id: string;
  source: string;
  split?: 'fit' | 'holdout';
  sweep?: string;
  gpu_id: string;
  model_id?: string;
  model: string;
  tensor_parallel_size?: number | null;
  pipeline_parallel_size?: number | null;
  quantization?: string | null;
  max_num_seqs?: number | null;
  max_num_batched_tokens?: number | null;
  max_model_len?: number | null;
  dataset?: string;
  input_len: number;
  output_len: number;
  num_prompts?: number | null;
  request_rate?: number | string | null;
  max_concurrency?: number | null;
  burstiness?: number | null;
  enable_chunked_prefill?: boolean | null;
  /** The engine generation when the source's release predates V1 (vLLM < 0.8). */
  engine?: 'v0' | 'v1';
  skip?: string;
  results: Record<string, number | null | undefined>;
}

const here = dirname(fileURLToPath(import.meta.url));
const CASES = join(here, '..', 'test', 'planner', 'cases.json');

const METRICS: [string, string, (r: SimResult) => number][] = [
  ['p50 TTFT', 'median_ttft_ms', (r) => r.ttftMs.p50],
  ['p99 TTFT', 'p99_ttft_ms', (r) => r.ttftMs.p99],
  ['p50 TPOT', 'median_tpot_ms', (r) => r.tpotMs.p50],
  ['p99 TPOT', 'p99_tpot_ms', (r) => r.tpotMs.p99],
  ['output tok/s', 'output_tok_s', (r) => r.outputTokS],
];

export interface Row {
  id: string;
  gpu: string;
  split: string;
  metric: string;
  measured: number;
  simulated: number;
  errPct: number;
}

export function runCase(c: Case): { rows: Row[]; sim?: SimResult; problem?: string } {
  const rate = typeof c.request_rate === 'number' ? c.request_rate : undefined;
  const conc = c.max_concurrency ?? undefined;
  if (!rate && !conc) return { rows: [], problem: 'neither a finite request rate nor a concurrency' };
  const input: EstimateInput = {
    model: c.model_id ?? c.model,
    gpu: c.gpu_id,
    tensorParallel: c.tensor_parallel_size ?? 1,
    pipelineParallel: c.pipeline_parallel_size ?? 1,
    quantization: c.quantization ?? undefined,
    maxNumSeqs: c.max_num_seqs ?? undefined,
    maxNumBatchedTokens: c.max_num_batched_tokens ?? undefined,
    maxModelLen: c.max_model_len ?? undefined,
    enableChunkedPrefill: c.enable_chunked_prefill ?? undefined,
    engine: c.engine,
    workload: { inputLen: Math.round(c.input_len), outputLen: Math.round(c.output_len), concurrency: 1 },
  };
  const m = engineModel(input);
  if (!m.engine) return { rows: [], problem: m.estimate.ok ? 'the model says this server does not start' : (m.estimate.unknown ?? []).map((u) => u.message).join('; ') };
  const e = m.engine;
  const shape = { step: e.step, pp: e.cfg.pp, maxNumSeqs: e.cfg.maxNumSeqs, maxNumBatchedTokens: e.cfg.maxNumBatchedTokens, chunkedPrefill: e.cfg.chunkedPrefill, kvCacheTokens: e.memory.kvCacheTokens, maxModelLen: e.cfg.maxModelLen };
  // The benchmark counts every request it sent: no warm-up trimmed, the same count as the source.
  const n = c.num_prompts ?? 1000;
  const sample = sampleRequests({ input: { mean: c.input_len }, output: { mean: c.output_len }, burstiness: c.burstiness ?? 1 }, shape.maxModelLen, { requests: n, seed: 42 });
  const sim = simulate(shape, sample, rate ?? 1, { trim: 0, concurrency: rate ? undefined : conc });
  const rows: Row[] = [];
  for (const [metric, key, get] of METRICS) {
    const meas = c.results[key];
    if (typeof meas !== 'number' || !(meas > 0)) continue;
    const est = get(sim);
    rows.push({ id: c.id, gpu: c.gpu_id, split: c.split ?? 'holdout', metric, measured: meas, simulated: est, errPct: ((est - meas) / meas) * 100 });
  }
  return { rows, sim };
}

const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Per rate sweep: an SLO of p50 TPOT within 2× the sweep's lowest-rate p50 TPOT
 * (measured), and the highest swept rate that meets it, measured and simulated.
 */
function sweepSlo(cases: Case[], sims: Map<string, SimResult>): { sweep: string; measured: number; simulated: number; errPct: number }[] {
  const bySweep = new Map<string, Case[]>();
  for (const c of cases) if (c.sweep && typeof c.request_rate === 'number' && typeof c.results.median_tpot_ms === 'number') bySweep.set(c.sweep, [...(bySweep.get(c.sweep) ?? []), c]);
  const out: { sweep: string; measured: number; simulated: number; errPct: number }[] = [];
  for (const [sweep, cs] of bySweep) {
    if (cs.length < 3) continue;
    cs.sort((a, b) => (a.request_rate as number) - (b.request_rate as number));
    const bound = 2 * (cs[0].results.median_tpot_ms as number);
    const highest = (ok: (c: Case) => boolean) => cs.filter(ok).reduce((m, c) => Math.max(m, c.request_rate as number), 0);
    const measured = highest((c) => (c.results.median_tpot_ms as number) <= bound);
    const simulated = highest((c) => (sims.get(c.id)?.tpotMs.p50 ?? Infinity) <= bound);
    if (measured > 0) out.push({ sweep, measured, simulated, errPct: ((simulated - measured) / measured) * 100 });
  }
  return out;
}

function main() {
  const data = JSON.parse(readFileSync(CASES, 'utf8')) as { cases: Case[] };
  const rows: Row[] = [];
  const sims = new Map<string, SimResult>();
  const problems: string[] = [];
  const t0 = performance.now();
  for (const c of data.cases) {
    if (c.skip) {
      problems.push(`${c.id}: skipped, ${c.skip}`);
      continue;
    }
    const r = runCase(c);
    if (r.problem) problems.push(`${c.id}: ${r.problem}`);
    if (r.sim) sims.set(c.id, r.sim);
    rows.push(...r.rows);
  }
  const sweeps = sweepSlo(data.cases, sims);
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ rows, sweeps, problems }, null, 2));
    return;
  }
  const f = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1));
  console.log('case'.padEnd(58) + 'metric'.padEnd(14) + 'measured'.padStart(10) + 'simulated'.padStart(11) + 'error'.padStart(9));
  for (const r of rows) console.log(r.id.slice(0, 57).padEnd(58) + r.metric.padEnd(14) + f(r.measured).padStart(10) + f(r.simulated).padStart(11) + `${r.errPct >= 0 ? '+' : ''}${r.errPct.toFixed(0)}%`.padStart(9));
  console.log('\nmetric'.padEnd(15) + 'cases'.padStart(6) + 'median |err|'.padStart(14) + 'worst'.padStart(9) + 'held-out median'.padStart(17) + 'signed median'.padStart(15));
  for (const [metric] of METRICS) {
    const rs = rows.filter((r) => r.metric === metric);
    if (!rs.length) continue;
    const abs = rs.map((r) => Math.abs(r.errPct));
    const held = rs.filter((r) => r.split === 'holdout').map((r) => Math.abs(r.errPct));
    console.log(metric.padEnd(14) + String(rs.length).padStart(6) + `${median(abs).toFixed(1)}%`.padStart(14) + `${Math.max(...abs).toFixed(0)}%`.padStart(9) + `${median(held).toFixed(1)}%`.padStart(17) + `${median(rs.map((r) => r.errPct)).toFixed(1)}%`.padStart(15));
  }
  // Consumer cards are where the model was never calibrated and misses most; show them apart.
  const consumer = (g: string) => /^RTX-/.test(g);
  console.log('\nby GPU class'.padEnd(15) + 'data-centre GPUs (cases, median |err|)'.padStart(40) + 'consumer RTX GPUs'.padStart(24));
  for (const [metric] of METRICS) {
    const rs = rows.filter((r) => r.metric === metric);
    if (!rs.length) continue;
    const cell = (xs: Row[]) => (xs.length ? `${xs.length}, ${median(xs.map((r) => Math.abs(r.errPct))).toFixed(1)}%` : '—');
    console.log(metric.padEnd(14) + cell(rs.filter((r) => !consumer(r.gpu))).padStart(40) + cell(rs.filter((r) => consumer(r.gpu))).padStart(24));
  }
  if (sweeps.length) {
    console.log('\nhighest swept rate with p50 TPOT ≤ 2× its lowest-rate value:');
    for (const s of sweeps) console.log(`  ${s.sweep.padEnd(50)} measured ${s.measured} req/s, simulated ${s.simulated} req/s (${s.errPct >= 0 ? '+' : ''}${s.errPct.toFixed(0)}%)`);
    console.log(`  median |error| ${median(sweeps.map((s) => Math.abs(s.errPct))).toFixed(1)}% over ${sweeps.length} sweeps`);
  }
  if (problems.length) console.log(`\nnot compared:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  console.log(`\n${rows.length} figures from ${sims.size} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
