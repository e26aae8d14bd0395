/**
 * The autoscaling numbers of one deployment, derived from the planner's operating point.
 * Every generator (Ray Serve, KEDA, HPA, BentoML) renders these same numbers, so the
 * artifacts agree with each other, with `servescope plan` and with the editor's SLA rules.
 * Each number carries `why`: the plan figures it came from, written into the output.
 */
import type { PlanEstimate } from '../capacity/planEstimate';
import type { SlaEvaluation } from '../planner/inFile';
import { coldStart } from '../planner/coldStart';
import { sizeFleet } from '../planner/fleet';
import { measure, targetOngoingAt, type OperatingPoint } from '../planner/operatingPoint';
import { formatSlo, type Slo } from '../planner/slo';
import { rates } from '../planner/traffic';
import { DEFAULT_THRESHOLDS } from '../observe/input';
import type { ObserveFramework } from '../observe/metrics';

export interface Derived {
  value: number;
  /** How the number was reached, with the plan figures behind it. */
  why: string;
}

export interface AutoscalePlan {
  /** Deployment name: object names and the scale target. */
  name: string;
  framework: ObserveFramework;
  /** The SLO the operating point meets, in the planner's syntax. */
  slo: string;
  peakRps: number;
  avgRps: number;
  /** Requests/s one replica serves within the SLO. */
  perReplicaRps: number;
  gpusPerReplica: number;
  minReplicas: Derived;
  maxReplicas: Derived;
  /** Ongoing requests per replica at the operating point (Ray Serve target, BentoML concurrency). */
  targetOngoing: Derived;
  /** Admission cap per replica: the batch the engine can run. */
  maxOngoing: Derived;
  coldStartS: Derived;
  upscaleDelayS: Derived;
  downscaleDelayS: Derived;
  /** vLLM waiting requests per replica at which the Kubernetes autoscalers add a replica. */
  waitingPerReplica: Derived;
  /** Mean queue time, ms, at which Triton's autoscaler adds a replica. */
  queueTimeMs: Derived;
  /** vLLM's mean KV-cache usage (0–1) at which the Kubernetes autoscalers add a replica, for `--signal kv`. */
  kvUsage: Derived;
  /** Label values that pick this deployment's series (as for `servescope observe`). */
  matchers: Record<string, string>;
}

/** Ray Serve's defaults (python/ray/serve/config.py AutoscalingConfig): 30 s up, 600 s down. */
export const RAY_DEFAULT_UPSCALE_DELAY_S = 30;
export const RAY_DEFAULT_DOWNSCALE_DELAY_S = 600;
/** HPA stabilization windows are capped at one hour (k8s.io/api autoscaling/v2 HPAScalingRules). */
export const MAX_STABILIZATION_S = 3600;

/**
 * What the Kubernetes autoscalers scale on: half the waiting requests per replica (vLLM) or
 * half the queue time (Triton) at which the tightest TTFT target breaks. A request behind L
 * waiting requests waits about L / rate before its prefill, so the budget is rate × slack;
 * half of it, so scaling starts while the other half absorbs arrivals during the cold start.
 */
export function queueTargets(op: OperatingPoint, slo: Slo): { waiting: Derived; queueTime: Derived } {
  const ttft = slo.targets.filter((t) => t.metric === 'ttft');
  const tightest = ttft.length ? ttft.reduce((a, b) => (b.ms < a.ms ? b : a)) : undefined;
  const unloadedMs = tightest ? measure(op.unloaded, tightest) : 0;
  const slackMs = tightest ? tightest.ms - unloadedMs : 0;
  let waiting: Derived;
  let queueTime: Derived;
  if (tightest && slackMs > 0) {
    const budget = Math.max(1, Math.floor((op.maxRps * slackMs) / 1000));
    const slackText = `${Math.round(slackMs)} ms of TTFT slack (p${tightest.percentile} target ${tightest.ms} ms − ${Math.round(unloadedMs)} ms unloaded)`;
    // Half the budget: the scale-out starts while the other half absorbs arrivals during the cold start.
    waiting = {
      value: Math.max(1, Math.floor(budget / 2)),
      why: `half of the ${budget} waiting requests at which the TTFT target breaks (${r1(op.maxRps)} req/s per replica × ${slackText})`,
    };
    queueTime = { value: Math.max(1, Math.round(slackMs / 2)), why: `half of the ${slackText}: a request queued that long has used half its slack` };
  } else {
    waiting = { value: DEFAULT_THRESHOLDS.maxQueuePerReplica / 2, why: `no TTFT target to derive it from: half of the default queue alert (${DEFAULT_THRESHOLDS.maxQueuePerReplica}, servescope observe)` };
    queueTime = { value: DEFAULT_THRESHOLDS.maxQueueTimeMs / 2, why: `no TTFT target to derive it from: half of the default queue-time alert (${DEFAULT_THRESHOLDS.maxQueueTimeMs} ms, servescope observe)` };
  }

  return { waiting, queueTime };
}

/** Bounds of the KV-usage target: below 5% the metric is noise, above 90% vLLM is already preempting. */
export const KV_TARGET_MIN = 0.05;
export const KV_TARGET_MAX = 0.9;

/**
 * The KV-usage target: the mean fraction of KV blocks one replica holds at the operating
 * point. Usage follows the tokens in flight, so a fleet whose mean is above it carries more
 * per replica than the SLO allows; it tracks load only at the planned prompt and output
 * lengths, which the reason says.
 */
export function kvUsageTarget(op: OperatingPoint, promptTokens: number, outputTokens: number): Derived {
  const at = op.at.meanKvUsage;
  const value = Math.min(KV_TARGET_MAX, Math.max(KV_TARGET_MIN, Math.floor(at * 100) / 100));
  const clamp = value !== Math.floor(at * 100) / 100 ? ` (kept within ${KV_TARGET_MIN}–${KV_TARGET_MAX})` : '';
  return {
    value,
    why: `mean KV-cache usage of one replica at the operating point, ${(at * 100).toFixed(1)}% at ${r1(op.maxRps)} req/s, rounded down${clamp}; it tracks load only for prompts near ${promptTokens} and outputs near ${outputTokens} tokens`,
  };
}

/**
 * The downscale delay for a cold start: a replica removed in a dip costs a cold start to
 * bring back, so hold it through two, rounded up to a minute, never below Ray's default.
 */
export function downscaleDelayFor(coldS: number): number {
  return Math.min(MAX_STABILIZATION_S, Math.max(RAY_DEFAULT_DOWNSCALE_DELAY_S, Math.ceil((2 * coldS) / 60) * 60));
}

const r1 = (x: number) => Math.round(x * 10) / 10;

/**
 * The autoscaling plan of a deployment judged against traffic and an SLO, or why there is none.
 * Needs the operating point (so a GPU, a model and a meetable SLO) and the memory estimate
 * (for the cold start and the engine's batch).
 */
export function deriveAutoscaling(name: string, framework: ObserveFramework, pe: PlanEstimate, sla: SlaEvaluation | undefined, matchers: Record<string, string> = {}): AutoscalePlan | { error: string } {
  const traffic = sla?.targets.traffic;
  const slo = sla?.targets.slo;
  const op = sla?.op;
  const mem = pe.estimate?.memory;
  if (!traffic || !slo) return { error: 'needs the peak rate and the SLO (--rps and --slo)' };
  if (pe.missing.length) return { error: `the planner needs ${pe.missing.join('; ')}` };
  if (mem && !mem.fits) return { error: `the engine does not start on ${pe.input?.gpu ?? 'this GPU'}: ${mem.problems.find((x) => x.severity === 'error')?.message ?? 'the model does not fit'}` };
  if (!op || !mem || !pe.input) return { error: 'the capacity model cannot simulate this deployment (no vLLM engine it can size)' };
  if (!(op.maxRps > 0) || sla.ongoingAtOperatingPoint === undefined) {
    return { error: `one replica misses ${formatSlo(slo)} even with one request at a time, so no replica count meets it; run \`servescope plan\` for the closest plan` };
  }
  const gpus = (pe.input.tensorParallel ?? 1) * (pe.input.pipelineParallel ?? 1);
  const cold = coldStart(mem.weightsGib);
  const r = rates(traffic);
  // The same fleet sizing `servescope plan` does (N+1, no headroom), so the bounds match its replica count.
  const fleet = sizeFleet(op.maxRps, gpus, null, r, traffic.output.mean, cold);
  const rate = `${r1(op.maxRps)} req/s per replica within ${formatSlo(slo)}`;

  const ongoing = sla.ongoingAtOperatingPoint;
  const target = targetOngoingAt(op);
  const perSeq = traffic.input.mean + traffic.output.mean;
  const kvSeqs = mem.kvCacheTokens > 0 && perSeq > 0 ? Math.floor(mem.kvCacheTokens / perSeq) : mem.maxNumSeqs;
  const batch = Math.max(1, Math.min(mem.maxNumSeqs, kvSeqs));
  const maxOngoing = Math.max(batch, target + 1);

  const coldS = Math.round(cold.seconds);
  // Waiting longer than a tenth of the cold start to confirm a rise adds lag a new replica
  // already has plenty of; 10 s keeps one noisy metrics window from adding a replica.
  const up = Math.min(RAY_DEFAULT_UPSCALE_DELAY_S, Math.max(10, Math.round(coldS / 10)));
  const down = downscaleDelayFor(coldS);

  const { waiting, queueTime } = queueTargets(op, slo);

  return {
    name,
    framework,
    slo: formatSlo(slo),
    peakRps: r.peak,
    avgRps: r.avg,
    perReplicaRps: op.maxRps,
    gpusPerReplica: gpus,
    minReplicas: { value: fleet.replicasAtAverage, why: `average ${r1(r.avg)} req/s at ${rate}, plus one spare` },
    maxReplicas: { value: fleet.replicas, why: `peak ${r1(r.peak)} req/s needs ${fleet.replicasForPeak} at ${rate}, plus one spare` },
    targetOngoing: { value: target, why: `${r1(ongoing)} requests in flight per replica at the operating point (${r1(op.maxRps)} req/s × ${Math.round(op.at.e2eMs.mean)} ms mean E2E), rounded down; p95 TTFT ${Math.round(op.at.ttftMs.p95)} ms, p95 TPOT ${Math.round(op.at.tpotMs.p95)} ms there` },
    maxOngoing: {
      value: maxOngoing,
      why: `the batch the engine runs: ${batch < mem.maxNumSeqs ? `${kvSeqs} sequences of ${perSeq} tokens fit the ${mem.kvCacheTokens.toLocaleString('en-US')}-token KV cache (max_num_seqs ${mem.maxNumSeqs})` : `max_num_seqs ${mem.maxNumSeqs}`}${maxOngoing > batch ? `, raised to target + 1` : ''}; ${maxOngoing - target} above the target absorb bursts while a replica starts`,
    },
    coldStartS: { value: coldS, why: cold.explain },
    upscaleDelayS: { value: up, why: `a tenth of the ${coldS} s cold start, between 10 s and Ray's default ${RAY_DEFAULT_UPSCALE_DELAY_S} s: a new replica serves ${up + coldS} s after the rise; the spare replica carries it until then` },
    downscaleDelayS: { value: down, why: `two cold starts (${2 * coldS} s) rounded up to a minute, at least Ray's default ${RAY_DEFAULT_DOWNSCALE_DELAY_S} s: a replica removed in a dip takes ${coldS} s to come back` },
    waitingPerReplica: waiting,
    queueTimeMs: queueTime,
    kvUsage: kvUsageTarget(op, traffic.input.mean, traffic.output.mean),
    matchers,
  };
}
