/**
 * From one replica's operating point to a fleet: replicas for the peak with the
 * stated headroom, what the fleet costs at peak and on average, and how busy it is.
 */
import type { ColdStart } from './coldStart';

export interface FleetOptions {
  /** Fraction of each replica's SLO capacity held back (0.2 → plan replicas at 80% of the operating point). */
  headroom?: number;
  /** One spare replica so a failure or a rolling update does not break the SLO (default on). */
  nPlusOne?: boolean;
  /** How fast traffic can rise, requests/s per second: replicas to carry the rise while a new one cold-starts. */
  rampRpsPerS?: number;
  /** A fixed replica count to evaluate instead of sizing. */
  replicas?: number;
}

export interface Fleet {
  replicas: number;
  /** Replicas the peak needs at the operating point, before spare and ramp replicas. */
  replicasForPeak: number;
  /** Replicas an autoscaler would run at the average rate (with the same spare). */
  replicasAtAverage: number;
  totalGpus: number;
  usdPerHourAtPeak: number | null;
  usdPerHourAtAverage: number | null;
  usdPer1mOutputTokens: number | null;
  /** Average load over what the peak fleet serves within the SLO. */
  utilisationAtAverage: number;
  /** Peak load per replica, requests/s. */
  peakRpsPerReplica: number;
  assumptions: string[];
}

export function sizeFleet(
  perReplicaRps: number,
  gpusPerReplica: number,
  usdPerGpuHour: number | null,
  rates: { peak: number; avg: number },
  outputTokensPerRequest: number,
  cold: ColdStart,
  opts: FleetOptions = {},
): Fleet {
  const headroom = Math.min(0.9, Math.max(0, opts.headroom ?? 0));
  const usable = perReplicaRps * (1 - headroom);
  const spare = opts.nPlusOne === false ? 0 : 1;
  const assumptions: string[] = [];
  const forPeak = usable > 0 ? Math.max(1, Math.ceil(rates.peak / usable - 1e-9)) : Infinity;
  let ramp = 0;
  if (opts.rampRpsPerS && opts.rampRpsPerS > 0 && usable > 0) {
    ramp = Math.ceil((opts.rampRpsPerS * cold.seconds) / usable);
    assumptions.push(`${ramp} replica(s) carry a rise of ${opts.rampRpsPerS} req/s per second during a ${Math.round(cold.seconds)} s cold start`);
  }
  const replicas = opts.replicas ?? forPeak + ramp + spare;
  const atAvg = opts.replicas ?? (usable > 0 ? Math.max(1, Math.ceil(rates.avg / usable - 1e-9)) + spare : Infinity);
  if (!opts.replicas) {
    if (spare) assumptions.push('one spare replica (N+1) for failures and rolling updates');
    if (headroom > 0) assumptions.push(`replicas planned at ${Math.round((1 - headroom) * 100)}% of the SLO operating point (headroom ${headroom})`);
  }
  assumptions.push(cold.explain);
  const price = (n: number) => (usdPerGpuHour === null || !Number.isFinite(n) ? null : n * gpusPerReplica * usdPerGpuHour);
  const avgCost = price(atAvg);
  const tokensPerHour = rates.avg * outputTokensPerRequest * 3600;
  return {
    replicas,
    replicasForPeak: forPeak,
    replicasAtAverage: atAvg,
    totalGpus: replicas * gpusPerReplica,
    usdPerHourAtPeak: price(replicas),
    usdPerHourAtAverage: avgCost,
    usdPer1mOutputTokens: avgCost !== null && tokensPerHour > 0 ? (avgCost / tokensPerHour) * 1e6 : null,
    utilisationAtAverage: perReplicaRps > 0 && Number.isFinite(replicas) ? rates.avg / (replicas * perReplicaRps) : 0,
    peakRpsPerReplica: Number.isFinite(replicas) && replicas > 0 ? rates.peak / replicas : rates.peak,
    assumptions,
  };
}
