/**
 * A Kubernetes manifest as a host of embedded serving configs. Each config found by
 * manifestSources() is analysed by the caller's analyze() as a document of its own
 * (format forced, hardware from the manifest), and the host gets its findings, plan
 * and estimates through the embedded-document maps.
 */
import type { Analysis } from '../analysis';
import type { Modeline } from '../modeline';
import type { AnalyzeInput } from '../analyze';
import { hostFindings, type EmbeddedDocument } from '../embedded/embedded';
import type { Detection, Finding, FormatId } from '../types';
import { manifestSources } from './manifest';
import { frameworkName } from '../names';
import { productionStackSources } from './productionStack';
import { composeSources } from './compose';
import { GPU_LIMIT_RULE, gpuLimitNotTpTimesPp } from './rules/gpu-limit-not-tp-times-pp';
import { AUTOSCALER_METRIC_RULE, autoscalerMetricRetired } from './rules/autoscaler-metric-retired';
import { KEDA_QUERY_RULE, kedaQueryNotAggregated } from './rules/keda-query-not-aggregated';
import { autoscalerDoc, type AutoscalerDoc } from './autoscalers';
import { TP_SHM_RULE, tpWithoutShm } from './rules/tp-without-shm';
import { LIVENESS_RULE, livenessProbeBeforeLoad } from './rules/liveness-probe-before-load';
import { RAY_NO_GPU_RULE, rayClusterWithoutGpus } from './rules/ray-cluster-without-gpus';
import { isTemplate } from './template';

/** The manifest's own rules (not Rule objects: they read the host and the embedded analysis together). */
export const MANIFEST_RULES: readonly { id: string; title: string; defaultSeverity: 'warning' }[] = [
  { id: GPU_LIMIT_RULE, title: 'The pod reserves more GPUs than vLLM runs ranks', defaultSeverity: 'warning' },
  { id: AUTOSCALER_METRIC_RULE, title: 'An autoscaler reads a metric the framework no longer exports', defaultSeverity: 'warning' },
  { id: KEDA_QUERY_RULE, title: 'A KEDA Prometheus query returns one series per pod', defaultSeverity: 'warning' },
  { id: TP_SHM_RULE, title: 'A multi-worker vLLM server without a memory-backed /dev/shm', defaultSeverity: 'warning' },
  { id: LIVENESS_RULE, title: 'The liveness or startup probe gives up before vLLM has loaded', defaultSeverity: 'warning' },
  { id: RAY_NO_GPU_RULE, title: 'A RayService asks for GPUs its cluster has no group to give', defaultSeverity: 'warning' },
];
export const MANIFEST_RULE_CODES = MANIFEST_RULES.map((r) => r.id);

/**
 * The manifest's `# servescope:` comment as the embedded configs see it: the facts
 * (traffic, SLO, GPU) without the format word, `off` or the tokens it could not read,
 * which the host reports itself at the host's offsets.
 */
function commentForEmbedded(base: Analysis): Modeline | undefined {
  const m = base.modeline;
  return m ? { facts: { ...m.facts }, gpu: m.gpu, count: m.count, model: m.model, range: { start: 0, end: 0 }, unknown: [] } : undefined;
}

/**
 * Inner analyses by their inputs. An edit elsewhere in a manifest leaves an embedded
 * config's text, format and settings as they were, so its analysis is reused: the
 * inner offsets do not move, only the host map, which is rebuilt every time.
 */
const innerMemo = new Map<string, { key: string; analysis: Analysis }>();
const INNER_MEMO_MAX = 256;

function embeddedAnalysis(inner: AnalyzeInput, label: string, run: (i: AnalyzeInput) => Analysis): Analysis {
  const key = JSON.stringify([label, inner.text, inner.override, inner.settings, inner.hostHardware, inner.hostModeline?.facts]);
  const hit = innerMemo.get(inner.uri);
  if (hit && hit.key === key) return hit.analysis;
  const analysis = run(inner);
  for (const f of analysis.findings) if (f.code.startsWith('yaml/')) f.message = `${label} is not valid YAML: ${f.message}`;
  if (innerMemo.size >= INNER_MEMO_MAX && !innerMemo.has(inner.uri)) innerMemo.delete(innerMemo.keys().next().value as string);
  innerMemo.set(inner.uri, { key, analysis });
  return analysis;
}

export interface ManifestAnalysis {
  detection: Detection;
  embedded: EmbeddedDocument[];
  findings: Finding[];
  plan?: Analysis['plan'];
  estimates: Analysis['estimates'];
}


/**
 * The embedded configs of a manifest, or undefined when it holds none we read. Helm
 * templates (`{{ }}`) are not YAML until rendered, so they are never claimed.
 */
export function analyzeManifest(base: Analysis, input: AnalyzeInput, run: (i: AnalyzeInput) => Analysis): ManifestAnalysis | undefined {
  if (base.tree.errors.length) return undefined;
  // Values and compose files are plain YAML (a `{{` in them is a chat template's Jinja); only templates render.
  const template = isTemplate(base.text);
  const sources = base.tree.roots.flatMap((root) => [
    ...(template ? [] : manifestSources(base.text, root)),
    ...productionStackSources(base.text, root),
    ...composeSources(base.text, root),
  ]);
  const autoscalers = template ? [] : base.tree.roots.map((root) => autoscalerDoc(base.text, root)).filter((d): d is AutoscalerDoc => !!d);
  if (!sources.length && !autoscalers.length) return undefined;
  const scaling = autoscalers.flatMap((d) => [...autoscalerMetricRetired(d), ...kedaQueryNotAggregated(base.text, d)]);
  if (!sources.length) {
    const kinds = [...new Set(autoscalers.map((d) => d.kind))].join(', ');
    const fw = autoscalers[0].framework;
    return {
      detection: { format: fw, schema: null, reason: 'content', detail: `Kubernetes · ${kinds} · ${frameworkName(fw)} metrics` },
      embedded: [],
      findings: scaling,
      estimates: [],
    };
  }
  const embedded: EmbeddedDocument[] = [];
  const own: Finding[] = [];
  sources.forEach((src, i) => {
    const hw = src.hardware;
    const inner: AnalyzeInput = {
      uri: `${input.uri}#embedded-${i}`,
      text: src.text,
      override: src.format,
      settings: {
        ...base.settings,
        // The manifest's cluster is the one this config runs on; a comment in the manifest still wins.
        hardware: { gpu: base.modeline?.gpu ?? base.settings.hardware.gpu, count: base.modeline?.count ?? hw.clusterGpus ?? base.settings.hardware.count },
        versions: src.version && !base.settings.versions[src.format] ? { ...base.settings.versions, [src.format]: src.version } : base.settings.versions,
      },
      hostHardware: hw,
      hostModeline: commentForEmbedded(base),
      host: input.host,
    };
    const analysis = embeddedAnalysis(inner, src.label, run);
    embedded.push({ label: src.label, region: src.region, map: src.map, editable: src.editable, analysis });
    own.push(...gpuLimitNotTpTimesPp(base.text, src, analysis), ...tpWithoutShm(src, analysis), ...livenessProbeBeforeLoad(src, analysis), ...rayClusterWithoutGpus(src, analysis));
  });
  const kinds = [...new Set(sources.map((s) => s.kind))].join(', ');
  const formats = [...new Set(sources.map((s) => frameworkName(s.format)))].join(', ');
  const first = embedded[0].analysis;
  const deployments = embedded.flatMap((d) => d.analysis.plan?.deployments ?? []);
  return {
    detection: { format: sources[0].format, schema: first.detection.schema, reason: 'content', detail: `${sources[0].family} · ${kinds} · ${formats}` },
    embedded,
    findings: [...hostFindings(embedded), ...own, ...scaling],
    plan: first.plan ? { format: first.plan.format, deployments } : undefined,
    estimates: embedded.flatMap((d) => d.analysis.estimates),
  };
}
