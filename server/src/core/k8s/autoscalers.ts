/**
 * Autoscalers that scale a serving workload on its metrics: a HorizontalPodAutoscaler
 * (`autoscaling/v2`, Pods/Object/External metrics served by an adapter) and a KEDA
 * ScaledObject with Prometheus triggers. Claimed only when a metric or query names a
 * serving framework's metric, so every other autoscaler is left alone.
 */
import type { FormatId, OffsetRange, SourceNode } from '../types';
import { scalarText } from '../embedded/scalarText';
import { toHost } from '../embedded/offsetMap';
import { asScalar, asSeq, field, str } from './nodes';

/** Metric-name prefixes of each framework (Prometheus adapters often turn `:` into `_`). */
const PREFIXES: [RegExp, FormatId][] = [
  [/^vllm[:_]/, 'vllm'],
  [/^nv_(inference|gpu|energy|cpu)_/, 'triton'],
  [/^ray_serve_/, 'rayserve'],
  [/^bentoml_/, 'bentoml'],
];

export function frameworkOfMetric(name: string): FormatId | undefined {
  return PREFIXES.find(([re]) => re.test(name))?.[1];
}

export interface MetricRef {
  name: string;
  range: OffsetRange;
}

export interface AutoscalerDoc {
  kind: 'HorizontalPodAutoscaler' | 'ScaledObject';
  title: string;
  /** Metric names the autoscaler reads, each at its host range. */
  metrics: MetricRef[];
  /** KEDA Prometheus queries: the text and its value node. */
  queries: { text: string; node: SourceNode }[];
  framework: FormatId;
}

const METRIC_NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/g;

/** Metric names inside a PromQL string, at their host offsets (label names and functions are never framework-prefixed). */
function namesIn(host: string, node: SourceNode): MetricRef[] {
  const sc = asScalar(node);
  const st = sc && scalarText(host, sc);
  if (!st) return [];
  const out: MetricRef[] = [];
  for (const m of st.text.matchAll(METRIC_NAME)) {
    if (!frameworkOfMetric(m[0])) continue;
    const start = toHost(st.map, m.index!);
    const end = toHost(st.map, m.index! + m[0].length);
    if (start !== undefined && end !== undefined) out.push({ name: m[0], range: { start, end } });
  }
  return out;
}

export function autoscalerDoc(host: string, root: SourceNode | null): AutoscalerDoc | undefined {
  const kind = str(root ?? undefined, 'kind');
  const api = str(root ?? undefined, 'apiVersion') ?? '';
  if (!root || !kind) return undefined;
  const name = str(root, 'metadata', 'name');
  const title = name ? `${kind} ${name}` : kind;
  const metrics: MetricRef[] = [];
  const queries: AutoscalerDoc['queries'] = [];
  if (kind === 'HorizontalPodAutoscaler' && /^autoscaling\/v2/.test(api)) {
    for (const m of asSeq(field(root, 'spec', 'metrics'))?.items ?? []) {
      for (const source of ['pods', 'object', 'external']) {
        // The name may be wrapped by the metrics adapter: GKE's managed Prometheus writes
        // `prometheus.googleapis.com|vllm:num_requests_waiting|gauge`.
        const node = asScalar(field(m, source, 'metric', 'name'));
        if (node && typeof node.value === 'string') metrics.push(...namesIn(host, node));
      }
    }
  } else if (kind === 'ScaledObject' && /^keda\.sh\//.test(api)) {
    for (const t of asSeq(field(root, 'spec', 'triggers'))?.items ?? []) {
      if (str(t, 'type') !== 'prometheus') continue;
      const q = field(t, 'metadata', 'query');
      const text = str(t, 'metadata', 'query');
      const found = q ? namesIn(host, q) : [];
      if (!q || text === undefined || !found.length) continue;
      metrics.push(...found);
      queries.push({ text, node: q });
    }
  } else return undefined;
  if (!metrics.length) return undefined;
  return { kind, title, metrics, queries, framework: frameworkOfMetric(metrics[0].name)! };
}
