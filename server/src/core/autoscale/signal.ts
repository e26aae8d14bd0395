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
}

export function scalingSignal(p: AutoscalePlan): ScalingSignal {
  const ctx = { framework: p.framework, matchers: p.matchers };
  if (p.framework === 'triton') {
    // Triton exports cumulative queue time and a success count; their rates give the mean
    // queue time per request. clamp_min keeps an idle model at 0 instead of NaN (0/0).
    const q = sel(ctx, 'nv_inference_queue_duration_us');
    const n = sel(ctx, 'nv_inference_request_success');
    return {
      about: 'mean time a request waited in Triton\'s scheduler queue over the last 2 minutes',
      query: `(sum(rate(${q}[2m])) / clamp_min(sum(rate(${n}[2m])), 0.001) / 1000) or vector(0)`,
      metricType: 'Value',
      target: p.queueTimeMs,
      series: 'nv_inference_queue_duration_us',
    };
  }
  if (p.framework !== 'vllm') throw new Error(`${p.framework} scales itself; the Kubernetes autoscalers are generated for vLLM and Triton`);
  return {
    about: 'requests waiting for admission to the running batch, summed over every engine of the deployment',
    query: `sum(${sel(ctx, 'vllm:num_requests_waiting')})`,
    metricType: 'AverageValue',
    target: p.waitingPerReplica,
    series: 'vllm:num_requests_waiting',
  };
}
