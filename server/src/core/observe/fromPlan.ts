/**
 * Alert thresholds from a deployment's operating point. Without them every capacity alert
 * uses a loose default; with traffic and an SLO the planner knows how much queue a replica
 * can carry before the TTFT target breaks, and how many replicas the peak needs.
 */
import type { ServedDeployment } from '../plan';
import type { SlaEvaluation } from '../planner/inFile';
import { measure } from '../planner/operatingPoint';
import type { ObserveThresholds } from './input';
import type { ObserveFramework } from './metrics';

export interface PlannedThresholds {
  thresholds: ObserveThresholds;
  /** One line per threshold: how it was derived, for the rules file's header. */
  reasons: string[];
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * The queue a replica can hold while the tightest TTFT target still holds: a request that
 * arrives behind L waiting requests waits about L / rate before its prefill starts (the
 * engine admits at its arrival rate in steady state), so L = rate × (target − unloaded TTFT).
 */
function queueBudget(sla: SlaEvaluation): { value: number; why: string } | undefined {
  const op = sla.op;
  const slo = sla.targets.slo;
  if (!op || !slo || op.maxRps <= 0) return undefined;
  const ttft = slo.targets.filter((t) => t.metric === 'ttft');
  if (!ttft.length) return undefined;
  const tightest = ttft.reduce((a, b) => (b.ms < a.ms ? b : a));
  const unloadedMs = measure(op.unloaded, tightest);
  const slackMs = tightest.ms - unloadedMs;
  if (!(slackMs > 0)) return undefined;
  const value = Math.max(1, Math.floor((op.maxRps * slackMs) / 1000));
  return {
    value,
    why: `waiting per replica ${value}: ${round1(op.maxRps)} req/s per replica at the operating point × ${Math.round(slackMs)} ms of TTFT slack (p${tightest.percentile} target ${tightest.ms} ms − ${Math.round(unloadedMs)} ms unloaded)`,
  };
}

export function thresholdsFromPlan(framework: ObserveFramework, d: ServedDeployment | undefined, sla: SlaEvaluation | undefined): PlannedThresholds {
  const thresholds: ObserveThresholds = {};
  const reasons: string[] = [];
  const q = sla && queueBudget(sla);
  if (q) {
    thresholds.maxQueuePerReplica = q.value;
    reasons.push(q.why);
  }
  const ceiling = d?.replicas.max?.value ?? d?.replicas.fixed?.value;
  if (ceiling !== undefined) {
    thresholds.replicasMax = ceiling;
    reasons.push(`replica ceiling ${ceiling}: the config's ${d?.replicas.max ? 'max_replicas' : 'replica count'}`);
  } else if (sla?.replicasPlanned !== undefined) {
    thresholds.replicasMax = sla.replicasPlanned;
    reasons.push(`replica ceiling ${sla.replicasPlanned}: the peak needs ${sla.replicasForPeak} at the operating point, plus one spare`);
  }
  // Only BentoML's saturation alert counts requests in flight; the others alert on their queue.
  if (framework === 'bentoml' && sla?.ongoingAtOperatingPoint !== undefined && sla.replicasPlanned !== undefined) {
    thresholds.maxInFlight = Math.max(1, Math.round(sla.ongoingAtOperatingPoint * sla.replicasPlanned));
    reasons.push(`in flight ${thresholds.maxInFlight}: ${round1(sla.ongoingAtOperatingPoint)} ongoing per replica at the operating point × ${sla.replicasPlanned} replicas`);
  }
  return { thresholds, reasons };
}
