/**
 * What the observability generators take. The SLA planner fills `thresholds` from its
 * operating point; until it does, each missing threshold falls back to a default and the
 * generated files say so next to the number.
 */
import type { SloTarget } from '../planner/slo';
import type { ObserveFramework } from './metrics';

export interface ObserveThresholds {
  /** Waiting requests per replica (engine, for vLLM) above which the queue alert fires. */
  maxQueuePerReplica?: number;
  /** KV-cache usage (0–1) above which the KV alert fires (vLLM). */
  kvUsageWarn?: number;
  /** Share of requests (0–1) failing before the error-ratio alert fires. */
  errorRatio?: number;
  /** The autoscaler's ceiling: at it with a queue, nothing absorbs more load. */
  replicasMax?: number;
  /** Mean queue time per request, ms, before Triton's queue-time alert fires. */
  maxQueueTimeMs?: number;
  /** Requests in flight across the deployment before BentoML's saturation alert fires. */
  maxInFlight?: number;
}

export interface ObserveInput {
  framework: ObserveFramework;
  /** Deployment name: the alerts' `servescope_deployment` label, group and file names. */
  name: string;
  slo?: { targets: SloTarget[] };
  /** From the plan; each one given is labelled "from the plan" in the output. */
  thresholds?: ObserveThresholds;
  /**
   * Label values that pick this deployment's series, e.g. `{ model_name: 'meta-llama/…' }`
   * for vLLM. A matcher is applied only to metrics that carry that label.
   */
  matchers?: Record<string, string>;
  /** Expected peak requests per second, recorded in the output. */
  rps?: number;
  /** How each planned threshold was derived (observe/fromPlan.ts), written above the rules. */
  planReasons?: string[];
}

export type ThresholdKey = keyof ObserveThresholds;
export type Provenance = 'from the SLO' | 'from the plan' | 'default, no plan given';

/**
 * Used when the plan gives nothing. KV at 90% leaves room for a burst before preemption;
 * 1% errors is a common paging line for an API; 10 waiting per replica and 1 s mean queue
 * time are deliberately loose so a default alert means real backlog, not noise.
 */
export const DEFAULT_THRESHOLDS: Readonly<Record<Exclude<ThresholdKey, 'replicasMax' | 'maxInFlight'>, number>> = {
  maxQueuePerReplica: 10,
  kvUsageWarn: 0.9,
  errorRatio: 0.01,
  maxQueueTimeMs: 1000,
};

export interface Resolved {
  value: number;
  from: Provenance;
}

/** The threshold to use and where it came from; undefined when it has no default and no plan gave it. */
export function threshold(input: ObserveInput, key: ThresholdKey): Resolved | undefined {
  const given = input.thresholds?.[key];
  if (given !== undefined && Number.isFinite(given)) return { value: given, from: 'from the plan' };
  const fallback = (DEFAULT_THRESHOLDS as Partial<Record<ThresholdKey, number>>)[key];
  return fallback === undefined ? undefined : { value: fallback, from: 'default, no plan given' };
}
