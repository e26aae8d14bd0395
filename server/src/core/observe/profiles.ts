/**
 * Per framework: which metric answers each SLO, which label names a deployment, which
 * capacity alerts make sense and what the dashboard shows. Rules and dashboard both read
 * this, so an alert and the panel that explains it always query the same series.
 */
import type { SloMetric } from '../planner/slo';
import { threshold, type ObserveInput, type Resolved } from './input';
import type { ObserveFramework } from './metrics';
import { by, byClause, num, sel, type Ctx } from './promql';

export type Severity = 'page' | 'ticket' | 'warning';

export interface AlertRule {
  alert: string;
  expr: string;
  for: string;
  severity: Severity;
  summary: string;
  description: string;
  /** Where the threshold came from, shown as an annotation. */
  thresholdSource: string;
}

export type LatencySignal =
  | { kind: 'histogram'; metric: string; toMs: number; by: readonly string[]; note?: string }
  /** Only cumulative time and a count exist: a mean, weaker than any percentile. */
  | { kind: 'mean'; sum: string; count: string; toMs: number; by: readonly string[]; note: string };

export interface PanelQuery {
  expr: string;
  legend: string;
}

export interface PanelSpec {
  title: string;
  unit: string;
  queries: PanelQuery[];
  description?: string;
}

export interface Profile {
  /** Labels that identify one deployment; every alert aggregates to one series per value. */
  deploymentLabels: readonly string[];
  latency: Partial<Record<SloMetric, LatencySignal>>;
  /** Why an SLO metric has no signal in this framework. */
  noLatency: Partial<Record<SloMetric, string>>;
  capacity(ctx: Ctx, input: ObserveInput): { rules: AlertRule[]; notes: string[] };
  panels(ctx: Ctx): PanelSpec[];
}

const rate = (ctx: Ctx, name: string, labels: readonly string[], extra: string[] = [], window = '5m') =>
  `sum${byClause(by(ctx, name, labels))} (rate(${sel(ctx, name, '', extra)}[${window}]))`;
const agg = (fn: 'sum' | 'max' | 'count', ctx: Ctx, name: string, labels: readonly string[], extra: string[] = []) =>
  `${fn}${byClause(by(ctx, name, labels))} (${sel(ctx, name, '', extra)})`;
const pct = (x: number) => `${num(x * 100)}%`;
const provenance = (r: Resolved) => `${num(r.value)} (${r.from})`;

function errorRatioRule(input: ObserveInput, expr: (limit: number) => string, what: string): AlertRule {
  const t = threshold(input, 'errorRatio')!;
  return {
    alert: 'ErrorRatioHigh',
    expr: expr(t.value),
    for: '10m',
    severity: 'page',
    summary: `${input.name}: more than ${pct(t.value)} of requests fail`,
    description: `${what} has been above ${pct(t.value)} for 10 minutes (now {{ $value | humanizePercentage }}).`,
    thresholdSource: `error ratio ${provenance(t)}`,
  };
}

function queueRule(input: ObserveInput, expr: (limit: number) => string, per: string): AlertRule {
  const t = threshold(input, 'maxQueuePerReplica')!;
  return {
    alert: 'QueueAboveCapacity',
    expr: expr(t.value),
    for: '5m',
    severity: 'warning',
    summary: `${input.name}: more than ${num(t.value)} requests waiting per ${per}`,
    description: `Requests are waiting faster than the replicas drain them ({{ $value | humanize }} per ${per}); latency grows with the queue.`,
    thresholdSource: `queue per ${per} ${provenance(t)}`,
  };
}

function atMaxReplicasRule(input: ObserveInput, replicas: string, queue: string): AlertRule | undefined {
  const t = threshold(input, 'replicasMax');
  if (!t) return undefined;
  return {
    alert: 'AtMaxReplicasWithQueue',
    expr: `(${replicas} >= ${num(t.value)}) and (${queue} > 0)`,
    for: '15m',
    severity: 'ticket',
    summary: `${input.name}: at the ${num(t.value)}-replica ceiling with requests still waiting`,
    description: 'The autoscaler cannot add replicas and a queue remains: raise the ceiling or shed load.',
    thresholdSource: `replica ceiling ${provenance(t)}`,
  };
}

const VLLM_BY = ['model_name'];
const vllm: Profile = {
  deploymentLabels: VLLM_BY,
  latency: {
    ttft: { kind: 'histogram', metric: 'vllm:time_to_first_token_seconds', toMs: 1000, by: VLLM_BY },
    // Per-request TPOT is what benchmarks and the planner call TPOT; the inter-token
    // histogram has one observation per output step and with speculative decoding one
    // step carries several tokens, so its percentiles are not per-token time.
    tpot: { kind: 'histogram', metric: 'vllm:request_time_per_output_token_seconds', toMs: 1000, by: VLLM_BY },
    e2e: { kind: 'histogram', metric: 'vllm:e2e_request_latency_seconds', toMs: 1000, by: VLLM_BY },
  },
  noLatency: {},
  capacity(ctx, input) {
    const waiting = (fn: 'sum' | 'count') => agg(fn, ctx, 'vllm:num_requests_waiting', VLLM_BY);
    const kv = threshold(input, 'kvUsageWarn')!;
    const rules: AlertRule[] = [
      queueRule(input, (n) => `${waiting('sum')} / ${waiting('count')} > ${num(n)}`, 'engine'),
      {
        alert: 'KvCacheNearFull',
        expr: `${agg('max', ctx, 'vllm:kv_cache_usage_perc', VLLM_BY)} > ${num(kv.value)}`,
        for: '10m',
        severity: 'warning',
        summary: `${input.name}: KV cache above ${pct(kv.value)} on at least one engine`,
        description: 'A full KV cache makes vLLM preempt running requests; the fullest engine is shown ({{ $value | humanizePercentage }}).',
        thresholdSource: `KV usage ${provenance(kv)}`,
      },
      {
        alert: 'Preempting',
        expr: `${rate(ctx, 'vllm:num_preemptions_total', VLLM_BY)} > 0`,
        for: '10m',
        severity: 'warning',
        summary: `${input.name}: vLLM keeps preempting requests`,
        description: 'Preempted requests are recomputed, which costs throughput and tail latency; the batch does not fit the KV cache.',
        thresholdSource: 'any sustained preemption (fixed)',
      },
      errorRatioRule(
        input,
        (r) => `${rate(ctx, 'vllm:request_success_total', VLLM_BY, ['finished_reason="error"'])} / ${rate(ctx, 'vllm:request_success_total', VLLM_BY)} > ${num(r)}`,
        'The share of requests vLLM finished with finished_reason="error"',
      ),
    ];
    const atMax = atMaxReplicasRule(input, agg('count', ctx, 'vllm:num_requests_running', VLLM_BY), waiting('sum'));
    if (atMax) rules.push(atMax);
    return { rules, notes: atMax ? [] : ['no replica ceiling given: the at-max-replicas alert needs the plan’s replicasMax'] };
  },
  panels(ctx) {
    const q = (p: number, m: string) => `histogram_quantile(${p}, sum by (le, model_name) (rate(${sel(ctx, m, '_bucket')}[5m])))`;
    return [
      { title: 'Time to first token', unit: 's', queries: [50, 95, 99].map((p) => ({ expr: q(p / 100, 'vllm:time_to_first_token_seconds'), legend: `p${p}` })) },
      { title: 'Time per output token', unit: 's', queries: [50, 95, 99].map((p) => ({ expr: q(p / 100, 'vllm:request_time_per_output_token_seconds'), legend: `p${p} per request` })).concat([{ expr: q(0.95, 'vllm:inter_token_latency_seconds'), legend: 'p95 inter-token' }]) },
      { title: 'End-to-end latency', unit: 's', queries: [50, 95, 99].map((p) => ({ expr: q(p / 100, 'vllm:e2e_request_latency_seconds'), legend: `p${p}` })) },
      { title: 'Requests running and waiting', unit: 'short', queries: [{ expr: agg('sum', ctx, 'vllm:num_requests_running', VLLM_BY), legend: 'running' }, { expr: agg('sum', ctx, 'vllm:num_requests_waiting', VLLM_BY), legend: 'waiting' }] },
      { title: 'KV cache usage (fullest engine)', unit: 'percentunit', queries: [{ expr: agg('max', ctx, 'vllm:kv_cache_usage_perc', VLLM_BY), legend: 'max' }] },
      { title: 'Tokens per second', unit: 'short', queries: [{ expr: rate(ctx, 'vllm:prompt_tokens_total', VLLM_BY), legend: 'prompt' }, { expr: rate(ctx, 'vllm:generation_tokens_total', VLLM_BY), legend: 'generated' }] },
      { title: 'Finished requests by reason', unit: 'reqps', queries: [{ expr: rate(ctx, 'vllm:request_success_total', [...VLLM_BY, 'finished_reason']), legend: '{{finished_reason}}' }] },
      { title: 'Preemptions per second', unit: 'short', queries: [{ expr: rate(ctx, 'vllm:num_preemptions_total', VLLM_BY), legend: 'preemptions' }] },
      {
        title: 'Prefix cache hit ratio',
        unit: 'percentunit',
        queries: [{ expr: `${rate(ctx, 'vllm:prefix_cache_hits_total', VLLM_BY)} / ${rate(ctx, 'vllm:prefix_cache_queries_total', VLLM_BY)}`, legend: 'hit ratio' }],
      },
    ];
  },
};

const TRITON_BY = ['model'];
const triton: Profile = {
  deploymentLabels: TRITON_BY,
  latency: {
    ttft: {
      kind: 'histogram',
      metric: 'nv_inference_first_response_histogram_ms',
      toMs: 1,
      by: TRITON_BY,
      note: 'exported only with --metrics-config histogram_latencies=true; default buckets 100/500/2000/5000 ms make the percentile coarse',
    },
    e2e: {
      kind: 'mean',
      sum: 'nv_inference_request_duration_us',
      count: 'nv_inference_request_success',
      toMs: 0.001,
      by: TRITON_BY,
      note: 'Triton exports no request-duration histogram, only cumulative time: this alert compares the mean with the bound, so it catches sustained slowness, not a tail that breaks the percentile',
    },
  },
  noLatency: { tpot: 'Triton core exports no per-token timing' },
  capacity(ctx, input) {
    const pending = (fn: 'sum' | 'count') => agg(fn, ctx, 'nv_inference_pending_request_count', TRITON_BY);
    const qt = threshold(input, 'maxQueueTimeMs')!;
    return {
      rules: [
        queueRule(input, (n) => `${pending('sum')} / ${pending('count')} > ${num(n)}`, 'server'),
        {
          alert: 'QueueTimeHigh',
          expr: `${rate(ctx, 'nv_inference_queue_duration_us', TRITON_BY)} / ${rate(ctx, 'nv_inference_request_success', TRITON_BY)} / 1000 > ${num(qt.value)}`,
          for: '10m',
          severity: 'warning',
          summary: `${input.name}: requests wait more than ${num(qt.value)} ms in Triton's queue on average`,
          description: 'Mean scheduler queue time per successful request is {{ $value | humanize }} ms: the model instances are saturated.',
          thresholdSource: `mean queue time ms ${provenance(qt)}`,
        },
        errorRatioRule(
          input,
          // Cancellations are the client's choice, not a failure of the deployment.
          (r) =>
            `${rate(ctx, 'nv_inference_request_failure', TRITON_BY, ['reason!="CANCELED"'])} / (${rate(ctx, 'nv_inference_request_success', TRITON_BY)} + ${rate(ctx, 'nv_inference_request_failure', TRITON_BY)}) > ${num(r)}`,
          'The share of failed requests (not counting cancellations)',
        ),
      ],
      notes: ['no KV-cache or replica-count metric in Triton core: those alerts come from the backend (vLLM, TensorRT-LLM) metrics'],
    };
  },
  panels(ctx) {
    return [
      {
        title: 'First response latency (needs histogram_latencies=true)',
        unit: 'ms',
        queries: [50, 95, 99].map((p) => ({ expr: `histogram_quantile(${p / 100}, sum by (le, model) (rate(${sel(ctx, 'nv_inference_first_response_histogram_ms', '_bucket')}[5m])))`, legend: `p${p}` })),
      },
      { title: 'Mean request and queue time', unit: 'µs', queries: [{ expr: `${rate(ctx, 'nv_inference_request_duration_us', TRITON_BY)} / ${rate(ctx, 'nv_inference_request_success', TRITON_BY)}`, legend: 'request' }, { expr: `${rate(ctx, 'nv_inference_queue_duration_us', TRITON_BY)} / ${rate(ctx, 'nv_inference_request_success', TRITON_BY)}`, legend: 'queue' }, { expr: `${rate(ctx, 'nv_inference_compute_infer_duration_us', TRITON_BY)} / ${rate(ctx, 'nv_inference_request_success', TRITON_BY)}`, legend: 'compute' }] },
      { title: 'Requests per second', unit: 'reqps', queries: [{ expr: rate(ctx, 'nv_inference_request_success', TRITON_BY), legend: 'success' }, { expr: rate(ctx, 'nv_inference_request_failure', [...TRITON_BY, 'reason']), legend: 'failure {{reason}}' }] },
      { title: 'Pending requests', unit: 'short', queries: [{ expr: agg('sum', ctx, 'nv_inference_pending_request_count', TRITON_BY), legend: 'pending' }] },
      { title: 'Batch size (inferences per execution)', unit: 'short', queries: [{ expr: `${rate(ctx, 'nv_inference_count', TRITON_BY)} / ${rate(ctx, 'nv_inference_exec_count', TRITON_BY)}`, legend: 'mean batch' }] },
      { title: 'GPU utilisation and memory', unit: 'percentunit', queries: [{ expr: agg('max', ctx, 'nv_gpu_utilization', ['gpu_uuid']), legend: 'util {{gpu_uuid}}' }, { expr: `${agg('max', ctx, 'nv_gpu_memory_used_bytes', ['gpu_uuid'])} / ${agg('max', ctx, 'nv_gpu_memory_total_bytes', ['gpu_uuid'])}`, legend: 'memory {{gpu_uuid}}' }] },
    ];
  },
};

const RAY_BY = ['application', 'deployment'];
const rayserve: Profile = {
  deploymentLabels: RAY_BY,
  latency: {
    // The proxy's histogram is what a client sees; it has no deployment label, so it
    // aggregates per application.
    e2e: { kind: 'histogram', metric: 'ray_serve_http_request_latency_ms', toMs: 1, by: ['application'] },
  },
  noLatency: {
    ttft: 'Ray Serve’s own metrics have no token timing; a Ray Serve LLM app’s vLLM engine metrics are not in the table yet',
    tpot: 'Ray Serve’s own metrics have no token timing; a Ray Serve LLM app’s vLLM engine metrics are not in the table yet',
  },
  capacity(ctx, input) {
    const queued = agg('sum', ctx, 'ray_serve_deployment_queued_queries', RAY_BY);
    const healthy = agg('sum', ctx, 'ray_serve_deployment_replica_healthy', RAY_BY);
    const rules: AlertRule[] = [
      // No healthy replica makes the ratio +Inf, which fires too: a queue with nobody to serve it.
      queueRule(input, (n) => `${queued} / ${healthy} > ${num(n)}`, 'healthy replica'),
      errorRatioRule(
        input,
        (r) => `${rate(ctx, 'ray_serve_deployment_error_counter_total', RAY_BY)} / ${rate(ctx, 'ray_serve_deployment_request_counter_total', RAY_BY)} > ${num(r)}`,
        'The share of requests that raised in a replica',
      ),
    ];
    const atMax = atMaxReplicasRule(input, agg('max', ctx, 'ray_serve_autoscaling_target_replicas', RAY_BY), queued);
    if (atMax) rules.push(atMax);
    return { rules, notes: atMax ? [] : ['no replica ceiling given: the at-max-replicas alert needs the plan’s replicasMax'] };
  },
  panels(ctx) {
    return [
      { title: 'HTTP latency at the proxy', unit: 'ms', queries: [50, 95, 99].map((p) => ({ expr: `histogram_quantile(${p / 100}, sum by (le, application) (rate(${sel(ctx, 'ray_serve_http_request_latency_ms', '_bucket')}[5m])))`, legend: `p${p}` })) },
      { title: 'Processing latency in replicas', unit: 'ms', queries: [{ expr: `histogram_quantile(0.95, sum by (le, application, deployment) (rate(${sel(ctx, 'ray_serve_deployment_processing_latency_ms', '_bucket')}[5m])))`, legend: 'p95 {{deployment}}' }] },
      { title: 'Requests and errors per second', unit: 'reqps', queries: [{ expr: rate(ctx, 'ray_serve_deployment_request_counter_total', RAY_BY), legend: 'requests {{deployment}}' }, { expr: rate(ctx, 'ray_serve_deployment_error_counter_total', RAY_BY), legend: 'errors {{deployment}}' }] },
      { title: 'Queued and ongoing requests', unit: 'short', queries: [{ expr: agg('sum', ctx, 'ray_serve_deployment_queued_queries', RAY_BY), legend: 'queued {{deployment}}' }, { expr: agg('sum', ctx, 'ray_serve_replica_processing_queries', RAY_BY), legend: 'processing {{deployment}}' }] },
      { title: 'Replicas', unit: 'short', queries: [{ expr: agg('sum', ctx, 'ray_serve_deployment_replica_healthy', RAY_BY), legend: 'healthy {{deployment}}' }, { expr: agg('max', ctx, 'ray_serve_autoscaling_target_replicas', RAY_BY), legend: 'target {{deployment}}' }] },
    ];
  },
};

const BENTO_BY = ['service_name'];
const bentoml: Profile = {
  deploymentLabels: BENTO_BY,
  latency: { e2e: { kind: 'histogram', metric: 'bentoml_service_request_duration_seconds', toMs: 1000, by: BENTO_BY } },
  noLatency: {
    ttft: 'BentoML’s HTTP metrics time whole responses, not tokens',
    tpot: 'BentoML’s HTTP metrics time whole responses, not tokens',
  },
  capacity(ctx, input) {
    const rules: AlertRule[] = [
      errorRatioRule(
        input,
        (r) => `${rate(ctx, 'bentoml_service_request_total', BENTO_BY, ['http_response_code=~"5.."'])} / ${rate(ctx, 'bentoml_service_request_total', BENTO_BY)} > ${num(r)}`,
        'The share of 5xx responses',
      ),
    ];
    const inflight = threshold(input, 'maxInFlight');
    if (inflight) {
      rules.push({
        alert: 'InFlightAtCapacity',
        expr: `${agg('sum', ctx, 'bentoml_service_request_in_progress', BENTO_BY)} > ${num(inflight.value)}`,
        for: '10m',
        severity: 'warning',
        summary: `${input.name}: more than ${num(inflight.value)} requests in flight`,
        description: 'The service holds more requests than the plan sized it for ({{ $value | humanize }}); latency rises from here.',
        thresholdSource: `requests in flight ${provenance(inflight)}`,
      });
    }
    return { rules, notes: inflight ? [] : ['no in-flight ceiling given: the saturation alert needs the plan’s maxInFlight'] };
  },
  panels(ctx) {
    return [
      { title: 'Request duration', unit: 's', queries: [50, 95, 99].map((p) => ({ expr: `histogram_quantile(${p / 100}, sum by (le, service_name) (rate(${sel(ctx, 'bentoml_service_request_duration_seconds', '_bucket')}[5m])))`, legend: `p${p}` })) },
      { title: 'Requests per second by status', unit: 'reqps', queries: [{ expr: rate(ctx, 'bentoml_service_request_total', [...BENTO_BY, 'http_response_code']), legend: '{{http_response_code}}' }] },
      { title: 'Requests in flight', unit: 'short', queries: [{ expr: agg('sum', ctx, 'bentoml_service_request_in_progress', BENTO_BY), legend: 'in flight' }] },
      { title: 'Adaptive batch size', unit: 'short', queries: [{ expr: `histogram_quantile(0.5, sum by (le, service_name) (rate(${sel(ctx, 'bentoml_service_adaptive_batch_size', '_bucket')}[5m])))`, legend: 'median batch' }] },
    ];
  },
};

export const PROFILES: Readonly<Record<ObserveFramework, Profile>> = { vllm, triton, rayserve, bentoml };
