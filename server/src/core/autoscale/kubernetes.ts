/**
 * Kubernetes autoscalers from an autoscaling plan: a KEDA ScaledObject with a prometheus
 * trigger, or an `autoscaling/v2` HorizontalPodAutoscaler on an External metric served by
 * prometheus-adapter. Both get the plan's replica bounds, its queue target, and
 * stabilization windows from the cold start. Required fields follow KEDA's CRD
 * (config/crd/bases/keda.sh_scaledobjects.yaml) and k8s.io/api autoscaling/v2/types.go.
 */
import { MAX_STABILIZATION_S, type AutoscalePlan } from './derive';
import { scalingSignal, type SignalKind } from './signal';
import { comment, derivedKey, header, str } from './text';

export interface KubernetesOptions {
  /** The Deployment (or other scalable resource) the autoscaler scales; default the plan's name. */
  target?: string;
  /** Prometheus base URL the KEDA scaler queries. */
  prometheus?: string;
  namespace?: string;
  /** What to scale on (default the queue). */
  signal?: SignalKind;
}

/** Placeholder the user edits; said in the file. */
export const DEFAULT_PROMETHEUS = 'http://prometheus-operated.monitoring.svc:9090';

/** A name Kubernetes accepts (RFC 1123 label): lower case, digits, '-'. */
export function k8sName(s: string): string {
  const n = s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '');
  return n || 'model';
}

function metadata(p: AutoscalePlan, o: KubernetesOptions): string[] {
  return ['metadata:', `  name: ${str(k8sName(p.name))}`, ...(o.namespace ? [`  namespace: ${str(o.namespace)}`] : []), '  labels:', '    app.kubernetes.io/managed-by: "servescope"'];
}

/** `spec:` and the Deployment it scales: both autoscalers point at the target the same way. */
function specStart(target: string): string[] {
  return ['spec:', '  scaleTargetRef:', '    apiVersion: apps/v1', '    kind: Deployment', `    name: ${str(target)}`];
}

function behavior(p: AutoscalePlan, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const win = (s: number) => Math.min(MAX_STABILIZATION_S, s);
  return [
    `${pad}behavior:`,
    `${pad}  scaleUp:`,
    ...derivedKey('stabilizationWindowSeconds', p.upscaleDelayS, indent + 4, String(win(p.upscaleDelayS.value))),
    `${pad}  scaleDown:`,
    ...derivedKey('stabilizationWindowSeconds', p.downscaleDelayS, indent + 4, String(win(p.downscaleDelayS.value))),
  ];
}

export function renderKeda(p: AutoscalePlan, o: KubernetesOptions = {}): string {
  const s = scalingSignal(p, o.signal);
  const target = o.target ?? k8sName(p.name);
  return [
    ...header(p, 'KEDA ScaledObject'),
    ...comment([`Scales on ${s.about}.`, `Edit serverAddress to your Prometheus${o.prometheus ? '' : ` (${DEFAULT_PROMETHEUS} is a placeholder)`}.`]),
    'apiVersion: keda.sh/v1alpha1',
    'kind: ScaledObject',
    ...metadata(p, o),
    ...specStart(target),
    ...derivedKey('minReplicaCount', p.minReplicas, 2),
    ...derivedKey('maxReplicaCount', p.maxReplicas, 2),
    ...comment(['KEDA waits cooldownPeriod only before scaling to zero; the HPA window below governs other scale-downs.'], 2),
    ...derivedKey('cooldownPeriod', p.downscaleDelayS, 2),
    '  advanced:',
    '    horizontalPodAutoscalerConfig:',
    ...behavior(p, 6),
    '  triggers:',
    '    - type: prometheus',
    `      metricType: ${s.metricType}`,
    '      metadata:',
    `        serverAddress: ${str(o.prometheus ?? DEFAULT_PROMETHEUS)}`,
    `        query: ${str(s.query)}`,
    ...comment([s.metricType === 'AverageValue' ? `per replica: ${s.target.why}` : `${s.target.why}${s.unit ? ` (${s.unit})` : ''}`], 8),
    // KEDA's CRD types every trigger metadata value as a string.
    `        threshold: ${str(String(s.target.value))}`,
    '',
  ].join('\n');
}

export function renderHpa(p: AutoscalePlan, o: KubernetesOptions = {}): string {
  const s = scalingSignal(p, o.signal);
  const target = o.target ?? k8sName(p.name);
  // The adapter serves the query under the series' own name, so no new metric name is coined.
  const adapter = s.adapter ?? { query: s.query, scale: 1, unit: '' };
  const value = Math.round(s.target.value * adapter.scale * 1e6) / 1e6;
  const unit = adapter.unit ? ` (${adapter.unit})` : '';
  const adapterQuery = adapter.query;
  return [
    ...header(p, 'HorizontalPodAutoscaler (autoscaling/v2)'),
    ...comment([
      `Scales on ${s.about}, through an External metric.`,
      'prometheus-adapter must serve it; add to its config:',
      '  externalRules:',
      `    - seriesQuery: ${str(s.series)}`,
      '      resources: { namespaced: false }',
      `      name: { matches: ${str(`^${s.series}$`)}, as: ${str(s.series)} }`,
      `      metricsQuery: ${str(adapterQuery)}`,
    ]),
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    ...metadata(p, o),
    ...specStart(target),
    ...derivedKey('minReplicas', p.minReplicas, 2),
    ...derivedKey('maxReplicas', p.maxReplicas, 2),
    '  metrics:',
    '    - type: External',
    '      external:',
    '        metric:',
    `          name: ${str(s.series)}`,
    '        target:',
    `          type: ${s.metricType}`,
    ...comment([`${s.metricType === 'AverageValue' ? 'per replica: ' : ''}${s.target.why}${unit}`], 10),
    `          ${s.metricType === 'AverageValue' ? 'averageValue' : 'value'}: ${str(String(value))}`,
    ...behavior(p, 2),
    '',
  ].join('\n');
}
