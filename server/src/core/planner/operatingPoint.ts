/**
 * The operating point of one replica: the highest arrival rate at which every SLO
 * target still holds, found by bisection on the scheduler simulation, and the
 * throughput–latency curve around it with its knee.
 */
import { requestsFor, simulate, type EngineShape, type RequestSample, type SimResult, type SimOptions } from './simulate';
import type { Slo, SloTarget } from './slo';

export interface TargetCheck {
  target: SloTarget;
  valueMs: number;
  /** value / bound: ≤ 1 meets the target. */
  ratio: number;
}

export function measure(r: SimResult, t: SloTarget): number {
  const p = t.metric === 'ttft' ? r.ttftMs : t.metric === 'tpot' ? r.tpotMs : r.e2eMs;
  return t.percentile === 50 ? p.p50 : t.percentile === 90 ? p.p90 : t.percentile === 95 ? p.p95 : p.p99;
}

export function checkSlo(r: SimResult, slo: Slo): { meets: boolean; checks: TargetCheck[]; worst: TargetCheck | undefined } {
  const checks = slo.targets.map((target) => {
    const valueMs = measure(r, target);
    return { target, valueMs, ratio: valueMs / target.ms };
  });
  const worst = checks.reduce<TargetCheck | undefined>((w, c) => (!w || c.ratio > w.ratio ? c : w), undefined);
  // A saturated run's percentiles depend on how long it ran, so it never meets an SLO.
  return { meets: !r.saturated && checks.every((c) => c.ratio <= 1), checks, worst };
}

/** Highest share of the sustainable rate the operating point may take; see findOperatingPoint. */
export const STABLE_FRACTION = 0.9;

export interface OperatingPoint {
  /** Highest rate meeting every target, requests/s, at most STABLE_FRACTION of saturationRps; 0 when even a lone request misses one. */
  maxRps: number;
  /** The simulation at maxRps (or, when unreachable, at the lowest rate tried). */
  at: SimResult;
  /** The same at almost no load: the best latency this replica can give. */
  unloaded: SimResult;
  /** Where latency takes off: the rate at which p95 TTFT reaches 3× its unloaded value. */
  kneeRps?: number;
  /** The upper bound on the rate the engine sustains that bracketed the search, requests/s. */
  saturationRps: number;
  curve: SimResult[];
  simulations: number;
}

export interface OperatingPointOptions extends SimOptions {
  /** Bisection steps (default 8: 1/256 of the bracket). */
  iterations?: number;
  /** Also simulate a curve of this many rates from 10% to 120% of saturation (default 0). */
  curvePoints?: number;
}

export function findOperatingPoint(engine: EngineShape, sample: RequestSample, slo: Slo, saturationRps: number, opts: OperatingPointOptions = {}): OperatingPoint {
  const sat = Math.max(1e-6, saturationRps);
  const seen: SimResult[] = [];
  const min = opts.requests ?? 400;
  let lifetime = 0;
  const run = (rate: number) => {
    // Long enough at every rate for the batch to fill before the measured window opens.
    const r = simulate(engine, sample, rate, { ...opts, requests: requestsFor(rate, lifetime, min, sample.prompt.length) });
    seen.push(r);
    return r;
  };
  const unloaded = run(sat * 0.01);
  lifetime = unloaded.e2eMs.mean / 1000;
  let maxRps = 0;
  let at = unloaded;
  if (checkSlo(unloaded, slo).meets) {
    let lo = sat * 0.01;
    let loRes = unloaded;
    // Near saturation a queue takes ever longer to show that it grows, longer than any run, so a
    // finite simulation there looks stable when it is not: the search stops at STABLE_FRACTION of
    // the sustainable rate, and the bracket's top counts as failing without a run.
    let hi = sat * STABLE_FRACTION;
    for (let i = 0; i < (opts.iterations ?? 8); i++) {
      const mid = (lo + hi) / 2;
      const r = run(mid);
      if (checkSlo(r, slo).meets) {
        lo = mid;
        loRes = r;
      } else hi = mid;
    }
    maxRps = lo;
    at = loRes;
  }
  const curve: SimResult[] = [];
  const points = opts.curvePoints ?? 0;
  for (let i = 0; i < points; i++) {
    const rate = sat * (0.05 + (0.95 * i) / Math.max(1, points - 1));
    curve.push(run(rate));
  }
  const sorted = [...seen].sort((a, b) => a.rate - b.rate);
  const kneeAt = sorted.find((r) => r.ttftMs.p95 > 3 * unloaded.ttftMs.p95 || r.saturated);
  return { maxRps, at, unloaded, kneeRps: kneeAt?.rate, saturationRps: sat, curve, simulations: seen.length };
}

/** Requests in flight per replica at the operating point: Little's law on the simulated end-to-end latency. */
export function inFlightAt(op: Pick<OperatingPoint, 'maxRps' | 'at'>): number {
  return (op.maxRps * op.at.e2eMs.mean) / 1000;
}

/**
 * The autoscaling target that scales out before a replica passes its operating point:
 * the in-flight count rounded down, so a target written from it never trips
 * capacity/autoscaling-target-above-slo.
 */
export function targetOngoingAt(op: Pick<OperatingPoint, 'maxRps' | 'at'>): number {
  return Math.max(1, Math.floor(inFlightAt(op)));
}
