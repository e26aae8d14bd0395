/**
 * The serving configs a Kubernetes manifest carries, document by document: a KubeRay
 * RayService's `serveConfigV2`, and containers of pod templates (core workloads,
 * LeaderWorkerSet, KServe) whose command runs vLLM's server. Anything else is not
 * ours: a manifest is claimed only when one of these shapes is found.
 */
import type { FormatId, OffsetRange, ScalarNode, SourceNode } from '../types';
import type { OffsetMap } from '../embedded/offsetMap';
import { scalarText } from '../embedded/scalarText';
import { asMap, asScalar, asSeq, count, field, str } from './nodes';
import { containerGpus, gpuType } from './hardware';
import { argv, findVllm, vllmCommand } from './vllmCommand';
import { VLLM_IMAGE, vllmImageVersion } from './vllmImage';
import { rayClusterVersion } from './rayImage';
import { expandEnvRefs } from './envRefs';
import { vllmRuntimeSources } from './vllmRuntime';
import { own } from '../own';
import { withReplicaCount, type HostCount } from './replicaCount';
import { llmInferenceServiceSources } from './llmInferenceService';
import { dynamoSources } from './dynamo';

/** What the manifest says about the hardware an embedded config runs on. */
export interface HostHardware {
  gpu?: string;
  /** GPUs one replica of a vLLM server sees (the pod's limit; × size for a LeaderWorkerSet). */
  gpusPerReplica?: number;
  /** GPUs available to the config: the pod's for vLLM, all worker groups at their maximum for Ray. */
  clusterGpus?: number;
  /**
   * Servers the workload runs, each a replica of the config: `spec.replicas` of a Deployment,
   * StatefulSet or ReplicaSet, the groups of a LeaderWorkerSet, the chart's `replicaCount`.
   */
  replicas?: number;
  /** Where the embedded text carries that count (see replicaCount.ts), so findings about it land on the host's number. */
  replicasAt?: OffsetRange;
  /** The host's name for the count: `spec.replicas`, `replicaCount`. */
  replicasKey?: string;
  /** An autoscaler's bounds the workload itself declares (an LLMInferenceService's `scaling`), used when no fixed count is set. */
  scaling?: { min?: HostCount; max?: HostCount };
}

export interface ManifestSource {
  kind: string;
  /** What kind of file holds it, for the status bar: Kubernetes, Helm values, Compose. */
  family: 'Kubernetes' | 'Helm values' | 'Compose';
  /** `RayService llm: serveConfigV2`, `Deployment vllm: container vllm`. */
  label: string;
  format: FormatId;
  text: string;
  map: OffsetMap;
  region: OffsetRange;
  editable: boolean;
  hardware: HostHardware;
  /** The container's GPU limit node, for rules about the pod. */
  gpuLimit?: SourceNode;
  /** The value node that held the embedded text (`serveConfigV2`), or the container. */
  anchor: SourceNode;
  /** The pod spec that runs the container (Kubernetes workloads), for rules about volumes and probes. */
  pod?: SourceNode;
  /** A RayService's `rayClusterConfig` key, for rules about the cluster it starts. */
  clusterKey?: SourceNode;
  /**
   * The release of `format` the file pins by an image tag (vLLM's server image, Ray's image
   * on a RayService's cluster), used when the user's settings don't name one.
   */
  version?: string;
}

/** Kinds whose `spec.replicas` counts copies of the whole server (a LeaderWorkerSet's counts groups of `size` pods). */
const REPLICATED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'LeaderWorkerSet']);

/** Where the pod specs of each workload kind are, and its replica count. */
const POD_KINDS: Record<string, { api: RegExp; pods: string[][] }> = {
  Deployment: { api: /^apps\//, pods: [['spec', 'template', 'spec']] },
  StatefulSet: { api: /^apps\//, pods: [['spec', 'template', 'spec']] },
  ReplicaSet: { api: /^apps\//, pods: [['spec', 'template', 'spec']] },
  DaemonSet: { api: /^apps\//, pods: [['spec', 'template', 'spec']] },
  Job: { api: /^batch\//, pods: [['spec', 'template', 'spec']] },
  CronJob: { api: /^batch\//, pods: [['spec', 'jobTemplate', 'spec', 'template', 'spec']] },
  Pod: { api: /^v1$/, pods: [['spec']] },
  LeaderWorkerSet: {
    api: /^leaderworkerset\.x-k8s\.io\//,
    pods: [
      ['spec', 'leaderWorkerTemplate', 'leaderTemplate', 'spec'],
      ['spec', 'leaderWorkerTemplate', 'workerTemplate', 'spec'],
    ],
  },
  InferenceService: { api: /^serving\.kserve\.io\//, pods: [['spec', 'predictor']] },
  ServingRuntime: { api: /^serving\.kserve\.io\//, pods: [['spec']] },
  ClusterServingRuntime: { api: /^serving\.kserve\.io\//, pods: [['spec']] },
};

/** `release` is the vLLM release the user's settings name, which comes before an image's tag. */
/** The pod specs of a workload kind ServeScope reads (Deployment, Job, LeaderWorkerSet, KServe, …), with its kind and title. */
export function workloadPods(root: SourceNode | null): { kind: string; title: string; pods: SourceNode[] } | undefined {
  const kind = str(root ?? undefined, 'kind');
  const api = str(root ?? undefined, 'apiVersion');
  const shape = kind ? own(POD_KINDS, kind) : undefined;
  if (!root || !kind || !api || !shape || !shape.api.test(api)) return undefined;
  const name = str(root, 'metadata', 'name');
  const pods = shape.pods.map((path) => field(root, ...path)).filter((p): p is SourceNode => !!p);
  return { kind, title: name ? `${kind} ${name}` : kind, pods };
}

export function manifestSources(host: string, root: SourceNode | null, release?: string): ManifestSource[] {
  const kind = str(root ?? undefined, 'kind');
  const api = str(root ?? undefined, 'apiVersion');
  if (!root || !kind || !api) return [];
  const name = str(root, 'metadata', 'name');
  const title = name ? `${kind} ${name}` : kind;
  if (kind === 'RayService' && /^ray\.io\//.test(api)) return rayService(host, root, title);
  if (kind === 'VLLMRuntime' && /^production-stack\.vllm\.ai\//.test(api)) return vllmRuntimeSources(host, root, title, release);
  if (kind === 'LLMInferenceService' && /^serving\.kserve\.io\//.test(api)) return llmInferenceServiceSources(host, root, title, release);
  if (kind === 'DynamoGraphDeployment' && /^nvidia\.com\//.test(api)) return dynamoSources(host, root, title, release);
  const shape = own(POD_KINDS, kind);
  if (!shape || !shape.api.test(api)) return [];
  const out: ManifestSource[] = [];
  // A LeaderWorkerSet runs one server across `size` pods; the leader's command holds the arguments.
  const size = kind === 'LeaderWorkerSet' ? (count(root, 'spec', 'leaderWorkerTemplate', 'size') ?? 1) : 1;
  for (const path of shape.pods) {
    const pod = field(root, ...path);
    const containers = [...(asSeq(field(pod, 'containers'))?.items ?? [])];
    // KServe's predictor.model is a container too (the runtime's, with overrides).
    if (kind === 'InferenceService' && field(pod, 'model')) containers.push(field(pod, 'model')!);
    for (const c of containers) {
      const tokens = expandEnvRefs(host, c, argv(host, field(c, 'command'), field(c, 'args')));
      let found = findVllm(tokens);
      // vLLM's image runs the server as its entrypoint: without a command, args are the server's.
      if (!found && !field(c, 'command') && VLLM_IMAGE.test(str(c, 'image') ?? '')) found = { from: 0, positional: true };
      const cmd = found && vllmCommand(tokens, found.from, found.positional, release ?? vllmImageVersion(str(c, 'image')));
      if (!cmd) continue;
      const gpus = containerGpus(c);
      const perServer = gpus.perPod !== undefined ? gpus.perPod * size : undefined;
      const cname = str(c, 'name');
      const counted = withReplicaCount(cmd.text, cmd.segments, REPLICATED.has(kind) ? field(root, 'spec', 'replicas') : undefined, 'spec.replicas');
      out.push({
        kind,
        family: 'Kubernetes',
        label: `${title}: container ${cname ?? '(unnamed)'}`,
        format: 'vllm',
        text: counted.text,
        map: { segments: counted.segments },
        region: cmd.region,
        editable: false,
        hardware: { gpu: gpuType(pod), gpusPerReplica: perServer, clusterGpus: perServer, replicas: counted.replicas, replicasAt: counted.replicasAt, replicasKey: 'spec.replicas' },
        gpuLimit: gpus.node,
        anchor: c,
        pod,
        version: vllmImageVersion(str(c, 'image')),
      });
    }
  }
  return out;
}

function rayService(host: string, root: SourceNode, title: string): ManifestSource[] {
  const node = asScalar(field(root, 'spec', 'serveConfigV2'));
  const clusterKey = asMap(field(root, 'spec'))?.pairs.find((p) => p.key.value === 'rayClusterConfig')?.key;
  const cluster = field(root, 'spec', 'rayClusterConfig');
  const src = node && serveConfigSource(host, node, 'RayService', `${title}: serveConfigV2`, rayCluster(cluster), clusterKey, rayClusterVersion(cluster));
  return src ? [src] : [];
}

/** A Ray Serve config held in a YAML string (a RayService's serveConfigV2, a ConfigMap's data key), read as a document of its own. */
export function serveConfigSource(host: string, node: ScalarNode, kind: string, label: string, hardware: HostHardware, clusterKey?: SourceNode, version?: string): ManifestSource | undefined {
  if (typeof node.value !== 'string') return undefined;
  const st = scalarText(host, node);
  if (!st) return undefined;
  const end = st.map.segments.length ? st.map.segments[st.map.segments.length - 1].host.end : node.range.end;
  return {
    kind,
    family: 'Kubernetes',
    label,
    format: 'rayserve',
    text: st.text,
    map: st.map,
    region: { start: node.range.start, end: Math.max(end, node.range.end) },
    editable: st.block,
    hardware,
    anchor: node,
    clusterKey,
    version,
  };
}

/**
 * The Ray cluster a RayService starts: GPU type from the first group that pins one,
 * and GPUs as the head's plus every worker group's at its maximum size (the
 * autoscaler can grow a group to maxReplicas, never past it).
 */
export function rayCluster(cluster: SourceNode | undefined): HostHardware {
  if (!cluster) return {};
  const head = field(cluster, 'headGroupSpec');
  const groups: { spec?: SourceNode; pod?: SourceNode; replicas: number }[] = [{ spec: head, pod: field(head, 'template', 'spec'), replicas: 1 }];
  for (const g of asSeq(field(cluster, 'workerGroupSpecs'))?.items ?? []) {
    const replicas = count(g, 'maxReplicas') ?? count(g, 'replicas') ?? count(g, 'minReplicas') ?? 1;
    // Each replica of a multi-host group is numOfHosts pods (KubeRay's WorkerGroupSpec).
    groups.push({ spec: g, pod: field(g, 'template', 'spec'), replicas: replicas * (count(g, 'numOfHosts') || 1) });
  }
  let gpus = 0;
  let gpu: string | undefined;
  for (const g of groups) {
    // rayStartParams.num-gpus overrides what KubeRay reads from the container limits.
    const declared = count(g.spec, 'rayStartParams', 'num-gpus');
    const fromLimits = (asSeq(field(g.pod, 'containers'))?.items ?? []).reduce((sum, c) => sum + (containerGpus(c).perPod ?? 0), 0);
    const n = declared ?? fromLimits;
    gpus += n * g.replicas;
    if (n > 0) gpu ??= gpuType(g.pod);
  }
  return { gpu, clusterGpus: gpus };
}
