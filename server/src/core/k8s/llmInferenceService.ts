/**
 * KServe's `LLMInferenceService` (`serving.kserve.io/v1alpha1`, KServe 0.15 and later;
 * `v1alpha2` has the same spec). The controller merges the resource into well-known
 * LLMInferenceServiceConfig templates (kserve/kserve `config/llmisvcconfig/`, chosen in
 * `pkg/controller/v1alpha2/llmisvc/config_merge.go`, commit aaac4e29), whose `main`
 * container runs
 *
 *   vllm serve /mnt/models --served-model-name <model.name> --port 8000
 *     [--tensor-parallel-size <parallelism.tensor>] ${VLLM_ADDITIONAL_ARGS} "$@"
 *
 * with the data-parallel template (a `worker` pod spec and `parallelism.data`) adding
 * `--data-parallel-size`, `--data-parallel-size-local` and `--enable-expert-parallel`.
 * `$@` is the user's `main` container `args`. This reads the same pieces, each flag
 * mapped to the field that wrote it: `spec` is one workload (the decode side when
 * `spec.prefill` is set), `spec.prefill` another. Each has `replicas` or `scaling`
 * (`minReplicas`/`maxReplicas`, the bounds of the HPA or ScaledObject the controller
 * makes), carried into the plan like a Ray Serve deployment's autoscaling bounds. A `main` container with a command of
 * its own replaces the template's, and is read like any container.
 */
import type { SourceNode } from '../types';
import type { HostHardware, ManifestSource } from './manifest';
import { asMap, asScalar, asSeq, count, field, str } from './nodes';
import { containerGpus, gpuType } from './hardware';
import { argv, findVllm, vllmCommand, type Token } from './vllmCommand';
import { synthetic, valueToken } from './productionStack';
import { expandEnvRefs } from './envRefs';
import { withCounts } from './replicaCount';
import { vllmImageVersion } from './vllmImage';

const keyOf = (node: SourceNode | undefined, key: string) => asMap(node)?.pairs.find((p) => p.key.value === key);

/** The Hugging Face id in `hf://org/name`, mapped to its place in the URI; other schemes name storage, not a model. */
function hfModel(host: string, uri: SourceNode | undefined): Token | undefined {
  const node = asScalar(uri);
  if (!node || typeof node.value !== 'string' || !node.value.startsWith('hf://')) return undefined;
  const t = valueToken(host, node);
  if (!t.text.startsWith('hf://')) return undefined;
  const skip = 'hf://'.length;
  return { text: t.text.slice(skip), at: (i) => t.at(i + skip), range: { start: t.at(skip) ?? t.range.start, end: t.range.end } };
}

export function llmInferenceServiceSources(host: string, root: SourceNode, title: string, release?: string): ManifestSource[] {
  const spec = field(root, 'spec');
  if (!asMap(spec)) return [];
  const model = hfModel(host, field(spec, 'model', 'uri'));
  const prefill = field(spec, 'prefill');
  const workloads: { role: string; node: SourceNode; path: string }[] = [{ role: prefill ? 'decode' : 'vllm', node: spec!, path: 'spec' }];
  if (asMap(prefill)) workloads.push({ role: 'prefill', node: prefill!, path: 'spec.prefill' });
  const out: ManifestSource[] = [];
  for (const w of workloads) {
    const src = workloadSource(host, w.node, model, `${title}: ${w.role}`, w.path, release);
    if (src) out.push(src);
  }
  return out;
}

function workloadSource(host: string, workload: SourceNode, model: Token | undefined, label: string, path: string, release?: string): ManifestSource | undefined {
  const pod = field(workload, 'template');
  const main = (asSeq(field(pod, 'containers'))?.items ?? []).find((c) => str(c, 'name') === 'main');
  if (!main) return undefined;
  const image = str(main, 'image');
  const version = release ?? vllmImageVersion(image);
  let tokens: Token[];
  let from = 0;
  let positional = true;
  if (field(main, 'command')) {
    // The user's command replaces the template's: read it as it is.
    tokens = expandEnvRefs(host, main, argv(host, field(main, 'command'), field(main, 'args')));
    const found = findVllm(tokens);
    if (!found) return undefined;
    ({ from, positional } = found);
  } else {
    tokens = templateTokens(host, workload, main, model);
  }
  const cmd = vllmCommand(tokens, from, positional, version);
  if (!cmd) return undefined;
  // `replicas` and `scaling` exclude each other (the CRD's validation); with a worker, the
  // autoscaler scales the LeaderWorkerSet, one replica per server (scaling.go mainScaleTargetRef).
  const replicasKey = `${path}.replicas`;
  const counted = withCounts(cmd.text, cmd.segments, [
    { node: field(workload, 'replicas'), key: replicasKey },
    { node: field(workload, 'scaling', 'minReplicas'), key: `${path}.scaling.minReplicas` },
    { node: field(workload, 'scaling', 'maxReplicas'), key: `${path}.scaling.maxReplicas` },
  ]);
  const [fixed, min, max] = counted.counts;
  const gpus = containerGpus(main);
  // A multi-node workload is one leader-worker group of `data / dataLocal` pods (ParallelismSpec.GetSize).
  const size = field(workload, 'worker') ? podsPerServer(field(workload, 'parallelism')) : 1;
  const perServer = gpus.perPod !== undefined ? gpus.perPod * size : undefined;
  const hardware: HostHardware = { gpu: gpuType(pod), gpusPerReplica: perServer, clusterGpus: perServer, replicas: fixed.value, replicasAt: fixed.at, replicasKey, scaling: { min, max } };
  return {
    kind: 'LLMInferenceService',
    family: 'Kubernetes',
    label,
    format: 'vllm',
    text: counted.text,
    map: { segments: counted.segments },
    region: { start: workload.range.start, end: workload.range.end },
    editable: false,
    hardware,
    gpuLimit: gpus.node,
    // No pod: the well-known template adds the /dev/shm volume and the probes, which this file does not show.
    anchor: main,
    version: vllmImageVersion(image),
  };
}

/** The template's command line, each flag on the field that writes it. */
function templateTokens(host: string, workload: SourceNode, main: SourceNode, model: Token | undefined): Token[] {
  const tokens: Token[] = [];
  if (model) tokens.push(model);
  const par = field(workload, 'parallelism');
  const flag = (key: string, name: string) => {
    const p = keyOf(par, key);
    if (p?.value && count(p.value)) tokens.push(synthetic(name, p.key.range), valueToken(host, p.value));
  };
  flag('tensor', '--tensor-parallel-size');
  // Only the worker templates write data parallelism (and pipeline parallelism, the other multi-node layout).
  if (field(workload, 'worker')) {
    flag('data', '--data-parallel-size');
    flag('dataLocal', '--data-parallel-size-local');
    flag('pipeline', '--pipeline-parallel-size');
    const expert = keyOf(par, 'expert');
    if (expert && asScalar(expert.value ?? undefined)?.value === true) tokens.push(synthetic('--enable-expert-parallel', expert.key.range));
  }
  const extra = (asSeq(field(main, 'env'))?.items ?? []).find((e) => str(e, 'name') === 'VLLM_ADDITIONAL_ARGS');
  // The template evals its command line, so the variable's value is split like a shell's words.
  if (extra && asScalar(field(extra, 'value'))) tokens.push(...argv(host, field(extra, 'value')));
  tokens.push(...expandEnvRefs(host, main, argv(host, field(main, 'args'))));
  return tokens;
}

function podsPerServer(par: SourceNode | undefined): number {
  const data = count(par, 'data') ?? 0;
  const local = count(par, 'dataLocal') ?? 0;
  if (data > 0 || local > 0) return Math.max(Math.floor(Math.max(data, 1) / Math.max(local, 1)), 1);
  return count(par, 'pipeline') || 1;
}
