/**
 * What the Kubernetes autoscalers scale on, per framework: a PromQL query that returns one
 * series for the whole deployment (a query per pod would make KEDA fail with more than one
 * pod), the target per replica and how the autoscaler reads it. Names come only from the
 * observe metric table, through `sel()`.
 */
import { sel } from '../observe/promql';
import type { AutoscalePlan, Derived } from './derive';

export interface ScalingSignal {
  /** What the metric is, for comments. */
  about: string;
  query: string;
  /**
   * AverageValue: the query sums over pods and the autoscaler divides by the replica count
   * (desired = ceil(total / target)); Value: the query is already a mean, compared as it is.
   */
  metricType: 'AverageValue' | 'Value';
  target: Derived;
  /** The metric the query rests on, for the prometheus-adapter rule an HPA needs. */
  series: string;
  /** The target's unit, for the comment beside it ('' for a count). */
  unit: string;
  /**
   * The HPA reads the series through prometheus-adapter under its own name, so in the
   * series' own unit. Set only when that differs from `query`'s: the adapter's query, and
   * the factor from the KEDA target to it.
   */
  adapter?: { query: string; scale: number; unit: string };
}

/** What the autoscaler reads: the engine's queue (default) or, for vLLM, its KV-cache usage. */
export type SignalKind = 'queue' | 'kv';
export const SIGNAL_KINDS: readonly SignalKind[] = ['queue', 'kv'];

/** Why a signal does not fit a framework, or undefined when it does. */
export function signalUnavailable(framework: AutoscalePlan['framework'], kind: SignalKind): string | undefined {
  if (kind === 'kv' && framework !== 'vllm') return `--signal kv reads vLLM's vllm:kv_cache_usage_perc; a ${framework} deployment exports no KV-cache usage, use --signal queue`;
  return undefined;
}

export function scalingSignal(p: AutoscalePlan, kind: SignalKind = 'queue'): ScalingSignal {
  const ctx = { framework: p.framework, matchers: p.matchers };
  const unavailable = signalUnavailable(p.framework, kind);
  if (unavailable) throw new Error(unavailable);
  if (kind === 'kv') {
    // A mean over engines is already one series; the autoscaler compares it as it is (Value).
    return {
      about: 'the mean fraction of KV-cache blocks in use over every engine of the deployment',
      query: `avg(${sel(ctx, 'vllm:kv_cache_usage_perc')})`,
      metricType: 'Value',
      target: p.kvUsage,
      series: 'vllm:kv_cache_usage_perc',
      unit: 'fraction of blocks, 0–1',
    };
  }
  if (p.framework === 'triton') {
    // Triton exports cumulative queue time and a success count; their rates give the mean
    // queue time per request. clamp_min keeps an idle model at 0 instead of NaN (0/0).
    const q = sel(ctx, 'nv_inference_queue_duration_us');
    const n = sel(ctx, 'nv_inference_request_success');
    const mean = `sum(rate(${q}[2m])) / clamp_min(sum(rate(${n}[2m])), 0.001)`;
    return {
      about: 'mean time a request waited in Triton\'s scheduler queue over the last 2 minutes',
      query: `(${mean} / 1000) or vector(0)`,
      metricType: 'Value',
      target: p.queueTimeMs,
      series: 'nv_inference_queue_duration_us',
      unit: 'ms',
      adapter: { query: `(${mean}) or vector(0)`, scale: 1000, unit: 'µs, the unit of the series' },
    };
  }
  if (p.framework !== 'vllm') throw new Error(`${p.framework} scales itself; the Kubernetes autoscalers are generated for vLLM and Triton`);
  return {
    about: 'requests waiting for admission to the running batch, summed over every engine of the deployment',
    query: `sum(${sel(ctx, 'vllm:num_requests_waiting')})`,
    metricType: 'AverageValue',
    target: p.waitingPerReplica,
    series: 'vllm:num_requests_waiting',
    unit: '',
  };
}
