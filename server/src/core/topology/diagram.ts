/**
 * A text topology diagram of a planned deployment: clients → router (policy) → N replicas
 * (min–max) × GPUs per replica, labelled with the autoscaling signal and the metrics to
 * watch. Drawn from the planner's chosen plan with the same numbers `servescope autoscale`
 * writes (fleet bounds, target from the operating point, queue target from the TTFT slack),
 * and metric names only from the observe metric table. Plain ASCII, so it reads the same in
 * a terminal, a log and a markdown code block.
 */
import { queueTargets } from '../autoscale/derive';
import { metric, type ObserveFramework } from '../observe/metrics';
import type { CandidatePlan } from '../planner/plan';
import { formatSlo, type Slo } from '../planner/slo';
import { targetOngoingAt } from '../planner/operatingPoint';
import { wrapWords } from '../wrap';

export interface TopologyInput {
  framework: ObserveFramework;
  plan: CandidatePlan;
  slo: Slo;
  peakRps: number;
  avgRps: number;
}

/**
 * How each framework spreads requests over replicas when the file sets nothing else. Ray
 * Serve's default request router picks the less loaded of two random replicas; a Kubernetes
 * Service spreads connections; BentoCloud routes to replicas below their concurrency.
 */
const ROUTER: Readonly<Record<ObserveFramework, string>> = {
  vllm: 'Kubernetes Service (spreads connections across pods)',
  triton: 'Kubernetes Service (spreads connections across pods)',
  rayserve: 'Ray Serve proxy, power-of-two-choices request router (default)',
  bentoml: 'BentoML ingress (routes to replicas under traffic.concurrency)',
};

/** What to watch, per framework: latency against the SLO, the queue, KV pressure, scaling. */
const WATCH: Readonly<Record<ObserveFramework, readonly string[]>> = {
  vllm: ['vllm:time_to_first_token_seconds', 'vllm:request_time_per_output_token_seconds', 'vllm:num_requests_waiting', 'vllm:kv_cache_usage_perc', 'vllm:num_preemptions_total'],
  triton: ['nv_inference_first_response_histogram_ms', 'nv_inference_queue_duration_us', 'nv_inference_pending_request_count', 'nv_gpu_utilization'],
  rayserve: ['ray_serve_http_request_latency_ms', 'ray_serve_deployment_queued_queries', 'ray_serve_autoscaling_target_replicas', 'ray_serve_replica_startup_latency_ms'],
  bentoml: ['bentoml_service_request_duration_seconds', 'bentoml_service_request_in_progress', 'bentoml_service_request_total'],
};

const r1 = (x: number) => String(Math.round(x * 10) / 10);

/**
 * Columns the diagram keeps within: it is read in terminals, markdown and the editor's
 * sidebar, where 64 columns still fit at a legible size.
 */
export const DIAGRAM_WIDTH = 64;

/** `text` word-wrapped to `width` columns; continuation lines start with `hang` spaces. */
function wrap(text: string, width: number, hang: number): string[] {
  return wrapWords(text.split(' '), width, hang);
}

function box(lines: string[]): string[] {
  const w = Math.max(...lines.map((l) => l.length));
  const edge = `+${'-'.repeat(w + 2)}+`;
  return [edge, ...lines.map((l) => `| ${l.padEnd(w)} |`), edge];
}

function signal(t: TopologyInput, ongoing: number): string {
  const op = t.plan.op!;
  const { waiting, queueTime } = queueTargets(op, t.slo);
  switch (t.framework) {
    case 'vllm':
      return `sum(${metric('vllm', 'vllm:num_requests_waiting').name}) per replica > ${waiting.value} (KEDA / HPA; servescope autoscale)`;
    case 'triton':
      return `mean queue time from ${metric('triton', 'nv_inference_queue_duration_us').name} / ${metric('triton', 'nv_inference_request_success').name} > ${queueTime.value} ms (KEDA / HPA)`;
    case 'rayserve':
      return `ongoing requests per replica > target_ongoing_requests ${ongoing} (Ray Serve autoscaler)`;
    case 'bentoml':
      return `requests in flight per replica > traffic.concurrency ${ongoing} (BentoCloud autoscaler)`;
  }
}

/** The diagram, or undefined when the plan has no operating point to draw (no fleet). */
export function renderTopology(t: TopologyInput): string | undefined {
  const p = t.plan;
  const op = p.op;
  if (!p.fleet || !op || !(op.maxRps > 0)) return undefined;
  const c = p.candidate;
  const gpus = c.tp * c.pp;
  const ongoing = targetOngoingAt(op);
  const par = `TP ${c.tp}${c.pp > 1 ? ` × PP ${c.pp}` : ''}`;
  const seqs = p.settings.max_num_seqs;
  const inBox = DIAGRAM_WIDTH - 8;
  const replica = box(
    [
      `replica: vLLM engine on ${gpus} × ${c.gpu.id} (${par})`,
      `${r1(op.maxRps)} req/s within ${formatSlo(t.slo)}${seqs !== undefined ? `, max_num_seqs ${seqs}` : ''}`,
      `${ongoing} requests in flight at that rate (Little's law on the simulated E2E)`,
    ].flatMap((l) => wrap(l, inBox, 2)),
  );
  const indent = (ls: string[]) => ls.map((l) => `    ${l}`);
  const min = Math.min(p.fleet.replicasAtAverage, p.fleet.replicas);
  return [
    `clients  (${r1(t.peakRps)} req/s at peak, ${r1(t.avgRps)} on average)`,
    '    |',
    '    v',
    ...wrap(`router: ${ROUTER[t.framework]}`, DIAGRAM_WIDTH, 8),
    `    |  each replica sees 1/N of the requests`,
    '    v',
    `${min}–${p.fleet.replicas} replicas × ${gpus} GPU${gpus === 1 ? '' : 's'} = up to ${p.fleet.totalGpus} GPUs`,
    `(${min} at the average load, ${p.fleet.replicas} at the peak, one spare in each)`,
    ...indent(replica),
    '',
    ...wrap(`scale on: ${signal(t, ongoing)}`, DIAGRAM_WIDTH, 10),
    ...wrap(`watch:    ${WATCH[t.framework].map((n) => metric(t.framework, n).name).join(', ')}`, DIAGRAM_WIDTH, 10),
    '',
  ].join('\n');
}
