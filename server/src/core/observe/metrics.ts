/**
 * The metrics each serving framework exports today, in one table with the source each
 * name was read from. Generated alerts, dashboards and (later) lint rules take names only
 * from here, so a rename upstream is fixed in one place and every artifact follows.
 *
 * `name` is what a Prometheus query uses, which is not always what the source passes to its
 * client library: prometheus_client appends `_total` to a counter declared without it
 * (vLLM's `vllm:num_preemptions` is scraped as `vllm:num_preemptions_total`), and Ray
 * prefixes every application metric with `ray_`. `declaredAs` keeps the spelling in the
 * source, so the two can be checked against each other.
 */
import type { FormatId } from '../types';

export type ObserveFramework = FormatId;
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';
export type MetricUnit = 'seconds' | 'milliseconds' | 'microseconds' | 'requests' | 'tokens' | 'ratio' | 'bytes' | 'items';

/** Where a fact was read: a file of a public repository at a commit. */
export interface MetricSource {
  repo: string;
  path: string;
  commit: string;
}

export interface MetricDef {
  /** The name on /metrics, as PromQL spells it. */
  name: string;
  /** The name the source passes to its metrics library, when that differs. */
  declaredAs?: string;
  type: MetricType;
  unit: MetricUnit;
  labels: readonly string[];
  /** Our own one-line description. */
  about: string;
  /** Default bucket bounds in `unit`, for histograms whose bounds the source fixes. */
  buckets?: readonly number[];
  /** Exported only when this is switched on. */
  requires?: string;
  /** Values a label takes, where alerts filter on them. */
  labelValues?: Readonly<Record<string, readonly string[]>>;
  source: MetricSource;
}

/** A name that was exported once and is gone or going: what a lint rule will flag. */
export interface RetiredMetric {
  framework: ObserveFramework;
  name: string;
  replacedBy?: string;
  /** Release that deprecated it, and the one that hid or removed it, as the source says. */
  deprecatedIn?: string;
  removedIn?: string;
  /** Where the deprecation or removal is recorded. */
  evidence: string;
}

// vLLM's snapshot is larger than this machine may fetch, so the stored copy of loggers.py
// is the newest one that can be named by commit; buckets.py is the later file that now
// holds the bucket families, read at its own commit.
const VLLM: MetricSource = { repo: 'vllm-project/vllm', path: 'vllm/v1/metrics/loggers.py', commit: '464a775849cb973e1b20679dba66c4278441bc75' };
const TRITON: MetricSource = { repo: 'triton-inference-server/core', path: 'src/metrics.cc', commit: '73aad7c3348d040c7087d57837d75822c488495e' };
/** Labels and per-model creation (which families exist per model) live next door. */
export const TRITON_LABELS_SOURCE: MetricSource = { ...TRITON, path: 'src/metric_model_reporter.cc' };
// Ray's snapshot is too large to fetch too; its metric reference table in the repository
// lists exported names (with `ray_` and `_total`), types and tags for the current release.
const RAY: MetricSource = { repo: 'ray-project/ray', path: 'doc/source/serve/monitoring.md', commit: '88ea1761883d5a2ddec9b413e0e076257ca1c404' };
export const RAY_BUCKETS_SOURCE: MetricSource = { repo: 'ray-project/ray', path: 'python/ray/serve/_private/constants.py', commit: '75f2f86c45f077e3780cb2fef2080f17af19f6b4' };
const BENTOML: MetricSource = { repo: 'bentoml/BentoML', path: 'src/bentoml/_internal/server/http/instruments.py', commit: '32230a5276a8da8b23c4a06a9ec6272c1993451a' };
const BENTOML_APP: MetricSource = { ...BENTOML, path: 'src/_bentoml_impl/server/app.py' };
export const VLLM_BUCKETS_SOURCE: MetricSource = { repo: 'vllm-project/vllm', path: 'vllm/v1/metrics/buckets.py', commit: '139b1c3f17720f4bb6865309f365e6b1f1607a45' };

const VLLM_LABELS = ['model_name', 'engine'] as const;
const VLLM_TTFT_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80, 160, 640, 2560];
const VLLM_ITL_BUCKETS = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80];
const VLLM_REQUEST_LATENCY_BUCKETS = [0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60, 120, 240, 480, 960, 1920, 7680];

const vllm = (m: Omit<MetricDef, 'source' | 'labels'> & { labels?: readonly string[] }): MetricDef => ({ labels: VLLM_LABELS, source: VLLM, ...m });

const VLLM_METRICS: MetricDef[] = [
  vllm({ name: 'vllm:num_requests_running', type: 'gauge', unit: 'requests', about: 'Requests in the running batch, per engine.' }),
  vllm({ name: 'vllm:num_requests_waiting', type: 'gauge', unit: 'requests', about: 'Requests queued for admission to the batch, per engine.' }),
  vllm({ name: 'vllm:kv_cache_usage_perc', type: 'gauge', unit: 'ratio', about: 'Fraction of KV-cache blocks in use (1 = full), despite the name not a percentage.' }),
  vllm({ name: 'vllm:num_preemptions_total', declaredAs: 'vllm:num_preemptions', type: 'counter', unit: 'requests', about: 'Requests preempted (KV blocks taken back) since start.' }),
  vllm({ name: 'vllm:prompt_tokens_total', declaredAs: 'vllm:prompt_tokens', type: 'counter', unit: 'tokens', about: 'Prefill tokens processed.' }),
  vllm({ name: 'vllm:generation_tokens_total', declaredAs: 'vllm:generation_tokens', type: 'counter', unit: 'tokens', about: 'Output tokens generated.' }),
  vllm({
    name: 'vllm:request_success_total',
    declaredAs: 'vllm:request_success',
    type: 'counter',
    unit: 'requests',
    labels: [...VLLM_LABELS, 'finished_reason'],
    // str(FinishReason) in vllm/v1/engine/__init__.py; "error" (retryable internal error) and
    // "repetition" are the newer members, so older servers simply never report them.
    labelValues: { finished_reason: ['stop', 'length', 'abort', 'error', 'repetition'] },
    about: 'Finished requests, by why they finished.',
  }),
  vllm({ name: 'vllm:prefix_cache_queries_total', declaredAs: 'vllm:prefix_cache_queries', type: 'counter', unit: 'tokens', about: 'Prompt tokens looked up in the prefix cache.' }),
  vllm({ name: 'vllm:prefix_cache_hits_total', declaredAs: 'vllm:prefix_cache_hits', type: 'counter', unit: 'tokens', about: 'Prompt tokens found in the prefix cache.' }),
  vllm({ name: 'vllm:external_prefix_cache_queries_total', declaredAs: 'vllm:external_prefix_cache_queries', type: 'counter', unit: 'tokens', about: 'Tokens looked up in a KV connector’s cross-instance cache.' }),
  vllm({ name: 'vllm:external_prefix_cache_hits_total', declaredAs: 'vllm:external_prefix_cache_hits', type: 'counter', unit: 'tokens', about: 'Tokens found in a KV connector’s cross-instance cache.' }),
  vllm({ name: 'vllm:time_to_first_token_seconds', type: 'histogram', unit: 'seconds', buckets: VLLM_TTFT_BUCKETS, about: 'Time to first token per request.' }),
  vllm({ name: 'vllm:inter_token_latency_seconds', type: 'histogram', unit: 'seconds', buckets: VLLM_ITL_BUCKETS, about: 'Gap between successive outputs (one observation per output, which may carry several tokens with speculative decoding).' }),
  vllm({ name: 'vllm:request_time_per_output_token_seconds', type: 'histogram', unit: 'seconds', buckets: VLLM_ITL_BUCKETS, about: 'Mean time per output token of each finished request (the TPOT benchmarks report).' }),
  vllm({ name: 'vllm:e2e_request_latency_seconds', type: 'histogram', unit: 'seconds', buckets: VLLM_REQUEST_LATENCY_BUCKETS, about: 'End-to-end latency per finished request.' }),
  vllm({ name: 'vllm:request_queue_time_seconds', type: 'histogram', unit: 'seconds', buckets: VLLM_REQUEST_LATENCY_BUCKETS, about: 'Time a request spent waiting before it first ran.' }),
  vllm({ name: 'vllm:request_prefill_time_seconds', type: 'histogram', unit: 'seconds', buckets: VLLM_REQUEST_LATENCY_BUCKETS, about: 'Time a request spent in prefill.' }),
  vllm({ name: 'vllm:request_decode_time_seconds', type: 'histogram', unit: 'seconds', buckets: VLLM_REQUEST_LATENCY_BUCKETS, about: 'Time a request spent in decode.' }),
  vllm({ name: 'vllm:request_prompt_tokens', type: 'histogram', unit: 'tokens', about: 'Prompt length per finished request (1-2-5 buckets up to max_model_len).' }),
  vllm({ name: 'vllm:request_generation_tokens', type: 'histogram', unit: 'tokens', about: 'Output length per finished request (1-2-5 buckets up to max_model_len).' }),
  vllm({ name: 'vllm:iteration_tokens_total', type: 'histogram', unit: 'tokens', about: 'Tokens per engine step; a histogram although the name ends in _total.' }),
  vllm({ name: 'vllm:engine_sleep_state', type: 'gauge', unit: 'items', labels: [...VLLM_LABELS, 'sleep_state'], about: 'Sleep mode state (awake, weights_offloaded, discard_all).' }),
];

const TRITON_LABELS = ['model', 'version'] as const;
const triton = (m: Omit<MetricDef, 'source' | 'labels'> & { labels?: readonly string[] }): MetricDef => ({ labels: TRITON_LABELS, source: TRITON, ...m });
// Triton's counters come from prometheus-cpp, which writes the family name as given (no `_total`).
const TRITON_METRICS: MetricDef[] = [
  triton({ name: 'nv_inference_request_success', type: 'counter', unit: 'requests', about: 'Successful requests, all batch sizes.' }),
  triton({
    name: 'nv_inference_request_failure',
    type: 'counter',
    unit: 'requests',
    labels: [...TRITON_LABELS, 'reason'],
    labelValues: { reason: ['REJECTED', 'CANCELED', 'BACKEND', 'OTHER'] },
    about: 'Failed requests, by reason.',
  }),
  triton({ name: 'nv_inference_count', type: 'counter', unit: 'items', about: 'Inferences performed (a batch of 8 counts 8), not counting cache hits.' }),
  triton({ name: 'nv_inference_exec_count', type: 'counter', unit: 'items', about: 'Model executions (a batch counts once), not counting cache hits.' }),
  triton({ name: 'nv_inference_request_duration_us', type: 'counter', unit: 'microseconds', requires: '--metrics-config counter_latencies=true (the default)', about: 'Cumulative request time.' }),
  triton({ name: 'nv_inference_queue_duration_us', type: 'counter', unit: 'microseconds', requires: '--metrics-config counter_latencies=true (the default)', about: 'Cumulative time requests waited in the scheduler queue.' }),
  triton({ name: 'nv_inference_compute_input_duration_us', type: 'counter', unit: 'microseconds', about: 'Cumulative time preparing inputs.' }),
  triton({ name: 'nv_inference_compute_infer_duration_us', type: 'counter', unit: 'microseconds', about: 'Cumulative time in the model.' }),
  triton({ name: 'nv_inference_compute_output_duration_us', type: 'counter', unit: 'microseconds', about: 'Cumulative time producing outputs.' }),
  triton({ name: 'nv_inference_pending_request_count', type: 'gauge', unit: 'requests', about: 'Requests waiting to execute, per model.' }),
  triton({
    name: 'nv_inference_first_response_histogram_ms',
    type: 'histogram',
    unit: 'milliseconds',
    // MetricReporterConfig.histogram_options_ in src/metric_model_reporter.h.
    buckets: [100, 500, 2000, 5000],
    requires: '--metrics-config histogram_latencies=true',
    about: 'Time from request to first response (TTFT for decoupled LLM models).',
  }),
  triton({ name: 'nv_model_load_duration_secs', type: 'gauge', unit: 'seconds', about: 'How long the model took to load.' }),
  triton({ name: 'nv_gpu_utilization', type: 'gauge', unit: 'ratio', labels: ['gpu_uuid'], about: 'GPU utilisation, 0 to 1.' }),
  triton({ name: 'nv_gpu_memory_total_bytes', type: 'gauge', unit: 'bytes', labels: ['gpu_uuid'], about: 'GPU memory size.' }),
  triton({ name: 'nv_gpu_memory_used_bytes', type: 'gauge', unit: 'bytes', labels: ['gpu_uuid'], about: 'GPU memory in use.' }),
  triton({ name: 'nv_gpu_power_usage', type: 'gauge', unit: 'items', labels: ['gpu_uuid'], about: 'GPU power draw, watts.' }),
];

const RAY_LATENCY_BUCKETS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 300, 400, 500, 1000, 2000, 5000, 10000, 60000, 120000, 300000, 600000];
const ray = (m: Omit<MetricDef, 'source'>): MetricDef => ({ source: RAY, ...m });
const RAY_METRICS: MetricDef[] = [
  ray({ name: 'ray_serve_num_http_requests_total', declaredAs: 'serve_num_http_requests', type: 'counter', unit: 'requests', labels: ['route', 'method', 'application', 'status_code'], about: 'HTTP requests handled by the proxies.' }),
  ray({ name: 'ray_serve_num_http_error_requests_total', type: 'counter', unit: 'requests', labels: ['route', 'error_code', 'method', 'application'], about: 'HTTP requests answered with a non-2xx/3xx status.' }),
  ray({ name: 'ray_serve_http_request_latency_ms', type: 'histogram', unit: 'milliseconds', buckets: RAY_LATENCY_BUCKETS_MS, labels: ['method', 'route', 'application', 'status_code'], about: 'End-to-end HTTP latency at the proxy.' }),
  ray({ name: 'ray_serve_deployment_request_counter_total', declaredAs: 'serve_deployment_request_counter', type: 'counter', unit: 'requests', labels: ['deployment', 'replica', 'route', 'application'], about: 'Requests processed by a replica.' }),
  ray({ name: 'ray_serve_deployment_error_counter_total', declaredAs: 'serve_deployment_error_counter', type: 'counter', unit: 'requests', labels: ['deployment', 'replica', 'route', 'application'], about: 'Exceptions raised while processing requests.' }),
  ray({ name: 'ray_serve_deployment_processing_latency_ms', declaredAs: 'serve_deployment_processing_latency_ms', type: 'histogram', unit: 'milliseconds', buckets: RAY_LATENCY_BUCKETS_MS, labels: ['deployment', 'replica', 'route', 'application'], about: 'Processing time in a replica, without queueing.' }),
  ray({ name: 'ray_serve_replica_processing_queries', declaredAs: 'serve_replica_processing_queries', type: 'gauge', unit: 'requests', labels: ['deployment', 'replica', 'application'], about: 'Requests a replica is processing now.' }),
  ray({ name: 'ray_serve_deployment_queued_queries', declaredAs: 'serve_deployment_queued_queries', type: 'gauge', unit: 'requests', labels: ['deployment', 'application', 'handle', 'actor_id'], about: 'Requests waiting in a handle for a replica.' }),
  ray({ name: 'ray_serve_num_ongoing_requests_at_replicas', declaredAs: 'serve_num_ongoing_requests_at_replicas', type: 'gauge', unit: 'requests', labels: ['deployment', 'application', 'handle', 'actor_id'], about: 'Requests a handle has sent to replicas and not seen finish.' }),
  ray({ name: 'ray_serve_deployment_replica_healthy', declaredAs: 'serve_deployment_replica_healthy', type: 'gauge', unit: 'items', labels: ['deployment', 'replica', 'application'], about: '1 per healthy replica, 0 per unhealthy one.' }),
  ray({ name: 'ray_serve_autoscaling_target_replicas', declaredAs: 'serve_autoscaling_target_replicas', type: 'gauge', unit: 'items', labels: ['deployment', 'application'], about: 'Replicas the autoscaler is steering towards.' }),
  ray({ name: 'ray_serve_autoscaling_desired_replicas', type: 'gauge', unit: 'items', labels: ['deployment', 'application'], about: 'The policy’s decision before min/max bounds.' }),
  ray({ name: 'ray_serve_replica_startup_latency_ms', type: 'histogram', unit: 'milliseconds', labels: ['deployment', 'replica', 'application'], about: 'Replica creation to ready, including node provisioning and image pulls.' }),
];

const BENTOML_LABELS = ['endpoint', 'service_name', 'service_version', 'http_response_code', 'runner_name'] as const;
const BENTOML_METRICS: MetricDef[] = [
  // Services built with the 1.2+ SDK mount RunnerTrafficMetricsMiddleware under the configured
  // namespace, `bentoml_service` by default (configuration/v2/default_configuration.yaml).
  { name: 'bentoml_service_request_total', declaredAs: 'request_total (namespace bentoml_service)', type: 'counter', unit: 'requests', labels: BENTOML_LABELS, about: 'Requests answered, by endpoint and HTTP status.', source: BENTOML },
  {
    name: 'bentoml_service_request_duration_seconds',
    declaredAs: 'request_duration_seconds (namespace bentoml_service)',
    type: 'histogram',
    unit: 'seconds',
    // DEFAULT_BUCKET in src/bentoml/_internal/utils/metrics.py, used unless metrics.duration is configured.
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 180],
    labels: BENTOML_LABELS,
    about: 'Request duration, by endpoint and HTTP status.',
    source: BENTOML,
  },
  { name: 'bentoml_service_request_in_progress', declaredAs: 'request_in_progress (namespace bentoml_service)', type: 'gauge', unit: 'requests', labels: ['endpoint', 'service_name', 'service_version', 'runner_name'], about: 'Requests in flight now.', source: BENTOML },
  { name: 'bentoml_service_adaptive_batch_size', type: 'histogram', unit: 'items', labels: ['runner_name', 'worker_index', 'method_name', 'service_version', 'service_name'], about: 'Batch sizes the adaptive batcher formed.', source: BENTOML_APP },
];

export const METRICS: Readonly<Record<ObserveFramework, readonly MetricDef[]>> = {
  vllm: VLLM_METRICS,
  triton: TRITON_METRICS,
  rayserve: RAY_METRICS,
  bentoml: BENTOML_METRICS,
};

export const RETIRED_METRICS: readonly RetiredMetric[] = [
  {
    framework: 'vllm',
    name: 'vllm:time_per_output_token_seconds',
    replacedBy: 'vllm:inter_token_latency_seconds',
    deprecatedIn: '0.11',
    removedIn: '0.13 (vllm-project/vllm#32661, merged 2026-01)',
    evidence: `${VLLM.path}@${VLLM.commit.slice(0, 12)} ("Deprecated in 0.11 - Renamed as vllm:inter_token_latency_seconds"); vllm-project/vllm#32661`,
  },
  {
    framework: 'vllm',
    name: 'vllm:gpu_cache_usage_perc',
    replacedBy: 'vllm:kv_cache_usage_perc',
    deprecatedIn: '0.9.2',
    removedIn: '0.12 (hidden behind --show-hidden-metrics-for-version in 0.11)',
    evidence: `${VLLM.path}@${VLLM.commit.slice(0, 12)}`,
  },
  {
    framework: 'vllm',
    name: 'vllm:gpu_prefix_cache_queries_total',
    replacedBy: 'vllm:prefix_cache_queries_total',
    deprecatedIn: '0.9.2',
    removedIn: '0.12 (hidden in 0.11)',
    evidence: `${VLLM.path}@${VLLM.commit.slice(0, 12)}`,
  },
  {
    framework: 'vllm',
    name: 'vllm:gpu_prefix_cache_hits_total',
    replacedBy: 'vllm:prefix_cache_hits_total',
    deprecatedIn: '0.9.2',
    removedIn: '0.12 (hidden in 0.11)',
    evidence: `${VLLM.path}@${VLLM.commit.slice(0, 12)}`,
  },
  {
    framework: 'vllm',
    name: 'vllm_avg_batch_size',
    // Never a vLLM metric: peers generate autoscalers on it all the same.
    evidence: `absent from ${VLLM.path}; generated by llm-d's planner (issue 14)`,
  },
];

/** The table entry for `name`; throws for a name the table lacks, so no generator can invent one. */
export function metric(framework: ObserveFramework, name: string): MetricDef {
  const m = METRICS[framework].find((x) => x.name === name);
  if (!m) throw new Error(`${name} is not in the ${framework} metric table (server/src/core/observe/metrics.ts)`);
  return m;
}

/** `repo/path@commit12`, the short form used in generated comments. */
export function cite(s: MetricSource): string {
  return `${s.repo}/${s.path}@${s.commit.slice(0, 12)}`;
}
