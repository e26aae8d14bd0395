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
import { llmdSources } from './llmd';
import { rayJobSources } from './rayJob';
import { GPU_LIMIT_RULE, gpuLimitNotTpTimesPp } from './rules/gpu-limit-not-tp-times-pp';
import { AUTOSCALER_METRIC_RULE, autoscalerMetricRetired } from './rules/autoscaler-metric-retired';
import { KEDA_QUERY_RULE, kedaQueryNotAggregated } from './rules/keda-query-not-aggregated';
import { autoscalerDoc, type AutoscalerDoc } from './autoscalers';
import { TP_SHM_RULE, tpWithoutShm } from './rules/tp-without-shm';
import { LIVENESS_RULE, livenessProbeBeforeLoad } from './rules/liveness-probe-before-load';
import { RAY_NO_GPU_RULE, rayClusterWithoutGpus } from './rules/ray-cluster-without-gpus';
import { isTemplate } from './template';
import { tritonContainers } from './tritonCommand';
import { TRITON_ARG_RULE, tritonArgInvalid } from './rules/triton-arg-invalid';
import { TRITON_LOAD_MODEL_RULE, tritonLoadModelWithoutExplicit } from './rules/triton-load-model-without-explicit';
import type { RuleInfo } from '../rules/rule';

/**
 * The manifest's own rules (not Rule objects: they read the host and the embedded analysis
 * together). Their fixes are in editing/fixes.ts, keyed by id; `fix` says which kind they are.
 */
export const MANIFEST_RULES: readonly RuleInfo[] = [
  {
    id: GPU_LIMIT_RULE,
    title: 'The pod reserves more GPUs than vLLM runs ranks',
    severity: 'warning',
    fix: 'unsafe',
    sources: ['vLLM\'s executor creates `tensor_parallel_size × pipeline_parallel_size` workers per data-parallel rank (`vllm/config/parallel.py`, `world_size`); the device-plugin allocation is Kubernetes\' extended-resource semantics ("Schedule GPUs", kubernetes.io docs: GPUs are only specified in `limits` and are not shared between containers)'],
  },
  {
    id: AUTOSCALER_METRIC_RULE,
    title: 'An autoscaler reads a metric the framework no longer exports',
    severity: 'warning',
    fix: 'safe',
    sources: ['The retired names, their replacements and the releases that deprecated and removed them are the table `RETIRED_METRICS` in `server/src/core/observe/metrics.ts` (each with its source in vLLM\'s `vllm/v1/metrics/loggers.py` and the pull request that removed it; listed in [`docs/observability.md`](../../observability.md)). KEDA\'s empty-result behaviour: `kedacore/keda` `pkg/scalers/prometheus_scaler.go` (zero elements → 0). The HPA\'s handling of a metric it cannot fetch: Kubernetes documentation, "Horizontal Pod Autoscaling", algorithm details'],
  },
  {
    id: KEDA_QUERY_RULE,
    title: 'A KEDA Prometheus query returns one series per pod',
    severity: 'warning',
    fix: 'unsafe',
    sources: ['`kedacore/keda` `pkg/scalers/prometheus_scaler.go` (more than one element in the result is an error); KEDA\'s Prometheus scaler documentation ("query must return a vector/scalar single element response")'],
  },
  {
    id: TP_SHM_RULE,
    title: 'A multi-worker vLLM server without a memory-backed /dev/shm',
    severity: 'warning',
    fix: 'none',
    sources: ['vllm-project/production-stack PR #994 (the VLLMRuntime `shmSize` field: "/dev/shm defaults to a small size (typically 64Mi), which is too small for TP and leads to crashes / Bus error"); vLLM\'s Docker deployment docs (`--ipc=host` or `--shm-size`); production-stack `helm/templates/deployment-vllm-multi.yaml` at f1f98227 (the `shm` volume exists only with `vllmConfig.tensorParallelSize`)'],
  },
  {
    id: LIVENESS_RULE,
    title: 'The liveness or startup probe gives up before vLLM has loaded',
    severity: 'warning',
    fix: 'unsafe',
    sources: ['Kubernetes documentation, "Configure Liveness, Readiness and Startup Probes" (defaults and the restart on failure; a startup probe disables the other probes until it succeeds). The cold start is the planner\'s estimate (`server/src/core/planner/coldStart.ts`): 16 s process start and 1.2 GiB/s weight loading per GPU from vLLM issue #44881, 91 s engine initialisation on a cold compile cache from run-ai/runai-model-streamer issue #67; image pull is not included, so the real start is longer'],
  },
  {
    id: RAY_NO_GPU_RULE,
    title: 'A RayService asks for GPUs its cluster has no group to give',
    severity: 'warning',
    fix: 'none',
    sources: ['KubeRay sets Ray\'s `--num-gpus` from the container\'s GPU limit unless `rayStartParams.num-gpus` is given (ray-project/kuberay, `ray-operator/controllers/ray/common/pod.go`); Ray\'s scheduler places tasks and actors only on nodes with the resources they request (Ray documentation, "Resources")'],
  },
  {
    id: TRITON_ARG_RULE,
    title: "An argument tritonserver's parser rejects",
    severity: 'error',
    fix: 'none',
    sources: ['triton-inference-server/server `src/command_line_parser.cc` at `e1db8a60` (2026-08-19): `TritonParser::SetupOptions` (the options and whether each takes a value), `TritonParser::Parse` and `ParseOption<bool>` (the accepted values); the option table is `server/src/core/k8s/tritonOptions.ts`'],
  },
  {
    id: TRITON_LOAD_MODEL_RULE,
    title: '--load-model without --model-control-mode=explicit',
    severity: 'error',
    fix: 'none',
    sources: ['triton-inference-server/server `src/command_line_parser.cc` at `e1db8a60`, the post-parsing validation in `TritonParser::Parse`'],
  },
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
  // The release the user names comes before an image's tag; it decides what some arguments mean (-O<n>).
  const release = base.settings.versions.vllm || base.modeline?.facts.version || undefined;
  const sources = base.tree.roots.flatMap((root) => [
    ...(template ? [] : manifestSources(base.text, root, release)),
    ...(template ? [] : rayJobSources(base.text, root, base.tree.roots)),
    ...productionStackSources(base.text, root, release),
    ...llmdSources(base.text, root, release),
    ...composeSources(base.text, root, release),
  ]);
  const autoscalers = template ? [] : base.tree.roots.map((root) => autoscalerDoc(base.text, root)).filter((d): d is AutoscalerDoc => !!d);
  const tritons = template ? [] : base.tree.roots.flatMap((root) => tritonContainers(base.text, root));
  if (!sources.length && !autoscalers.length && !tritons.length) return undefined;
  const scaling = [
    ...autoscalers.flatMap((d) => [...autoscalerMetricRetired(d), ...kedaQueryNotAggregated(base.text, d)]),
    ...tritons.flatMap((c) => [...tritonArgInvalid(c), ...tritonLoadModelWithoutExplicit(c)]),
  ];
  if (!sources.length && !autoscalers.length) {
    const kinds = [...new Set(tritons.map((c) => c.label.split(/[ :]/)[0]))].join(', ');
    return {
      detection: { format: 'triton', schema: null, reason: 'content', detail: `Kubernetes · ${kinds} · Triton server arguments` },
      embedded: [],
      findings: scaling,
      estimates: [],
    };
  }
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
