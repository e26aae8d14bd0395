/**
 * Helm values of llm-d's `llm-d-modelservice` chart (llm-d-incubation/llm-d-modelservice,
 * chart v0.4.12, `templates/_helpers.tpl` at commit 3051935e). The chart renders `decode`
 * and `prefill` into Deployments (LeaderWorkerSets with `multinode: true`) whose
 * containers run vLLM according to `modelCommand`:
 *
 * - `vllmServe`: `vllm serve <model> --port … [--tensor-parallel-size T]
 *   [--data-parallel-size D] [--data-parallel-size-local DL] --served-model-name …` then
 *   the container's `args`, the model from `modelArtifacts.uri` (`hf://org/name`);
 * - `imageDefault`: the same arguments with `--model <model>`, for the image's entrypoint
 *   (claimed only on vLLM's own image, whose entrypoint is the server);
 * - `custom` (the default): the container's own `command` and `args`.
 *
 * Sizes below 2 are not written. GPUs per pod are the container's limit, else
 * dataLocal × tensor as the chart computes them; a multinode server spans `workers` pods.
 */
import type { SourceNode } from '../types';
import type { ManifestSource } from './manifest';
import { asMap, asScalar, asSeq, count, field, str } from './nodes';
import { containerGpus, gpuType } from './hardware';
import { argv, findVllm, vllmCommand, type Token } from './vllmCommand';
import { synthetic, valueToken } from './productionStack';
import { expandEnvRefs } from './envRefs';
import { withReplicaCount } from './replicaCount';
import { VLLM_IMAGE, vllmImageVersion } from './vllmImage';

const ROLES = ['decode', 'prefill'] as const;
export const LLMD_KIND = 'llm-d modelservice values';
const keyOf = (node: SourceNode | undefined, key: string) => asMap(node)?.pairs.find((p) => p.key.value === key);

/** The model `argsByProtocol` writes for an `hf://` URI; a `{{ .Values.modelArtifacts.name }}` in it is the name. */
function modelToken(host: string, artifacts: SourceNode | undefined): Token | undefined {
  const uri = asScalar(field(artifacts, 'uri'));
  if (!uri || typeof uri.value !== 'string' || !uri.value.startsWith('hf://')) return undefined;
  const rest = uri.value.slice('hf://'.length);
  if (/\{\{\s*\.Values\.modelArtifacts\.name\s*\}\}/.test(rest)) {
    const name = asScalar(field(artifacts, 'name'));
    return name && typeof name.value === 'string' ? valueToken(host, name) : undefined;
  }
  if (rest.includes('{{')) return undefined;
  const t = valueToken(host, uri);
  const skip = t.text.indexOf('hf://') === 0 ? 'hf://'.length : -1;
  if (skip < 0) return undefined;
  const text = t.text.slice(skip).replace(/^"(.*)"$/, '$1');
  return { text, at: (i) => t.at(i + skip), range: { start: t.at(skip) ?? t.range.start, end: t.range.end } };
}

export function llmdSources(host: string, root: SourceNode | null, release?: string): ManifestSource[] {
  const artifacts = field(root ?? undefined, 'modelArtifacts');
  // Conservative: the chart's own top-level shape, a values file (no kind) with modelArtifacts and a role.
  if (!root || !asMap(artifacts) || str(root, 'kind') || !ROLES.some((r) => asSeq(field(root, r, 'containers')))) return [];
  const model = modelToken(host, artifacts);
  const multinode = asScalar(field(root, 'multinode'))?.value === true;
  const out: ManifestSource[] = [];
  for (const role of ROLES) {
    const spec = field(root, role);
    if (!asMap(spec) || asScalar(field(spec, 'create'))?.value === false || count(spec, 'replicas') === 0) continue;
    const par = field(spec, 'parallelism');
    for (const c of asSeq(field(spec, 'containers'))?.items ?? []) {
      const mode = str(c, 'modelCommand') ?? 'custom';
      const image = str(c, 'image') ?? '';
      let tokens: Token[];
      let found: { from: number; positional: boolean } | undefined;
      if (mode === 'vllmServe' || (mode === 'imageDefault' && VLLM_IMAGE.test(image))) {
        tokens = chartTokens(host, par, model, mode === 'imageDefault');
        tokens.push(...expandEnvRefs(host, c, argv(host, field(c, 'args'))));
        found = { from: 0, positional: mode === 'vllmServe' };
      } else if (mode === 'custom') {
        tokens = expandEnvRefs(host, c, argv(host, field(c, 'command'), field(c, 'args')));
        found = findVllm(tokens);
      } else continue;
      const cmd = found && vllmCommand(tokens, found.from, found.positional, release ?? vllmImageVersion(image));
      if (!cmd) continue;
      const counted = withReplicaCount(cmd.text, cmd.segments, field(spec, 'replicas'), `${role}.replicas`);
      const gpus = containerGpus(c);
      const tp = count(par, 'tensor') || 1;
      const perPod = gpus.perPod ?? dataLocal(par) * tp;
      const perServer = perPod * (multinode ? workers(par) : 1);
      out.push({
        kind: LLMD_KIND,
        family: 'Helm values',
        label: `${role} container ${str(c, 'name') ?? 'vllm'}`,
        format: 'vllm',
        text: counted.text,
        map: { segments: counted.segments },
        region: { start: spec!.range.start, end: spec!.range.end },
        editable: false,
        hardware: { gpu: gpuType(field(spec, 'extraConfig')), gpusPerReplica: perServer, clusterGpus: perServer, replicas: counted.replicas, replicasAt: counted.replicasAt, replicasKey: `${role}.replicas` },
        gpuLimit: gpus.node,
        anchor: c,
        // The role's spec renders into the pod: its `volumes` sit beside the container's `volumeMounts`.
        pod: spec,
        version: vllmImageVersion(image),
      });
    }
  }
  return out;
}

/** The arguments `vllmServeModelCommand` / `imageDefaultModelCommand` write before the container's. */
function chartTokens(host: string, par: SourceNode | undefined, model: Token | undefined, modelFlag: boolean): Token[] {
  const tokens: Token[] = [];
  if (model) tokens.push(...(modelFlag ? [synthetic('--model', model.range)] : []), model);
  const size = (key: string, flag: string, value: number) => {
    const p = keyOf(par, key);
    if (value > 1 && p?.value) tokens.push(synthetic(flag, p.key.range), count(p.value) === value ? valueToken(host, p.value) : synthetic(String(value), p.value.range));
  };
  size('tensor', '--tensor-parallel-size', count(par, 'tensor') ?? 1);
  size(count(par, 'data') ? 'data' : 'dataLocal', '--data-parallel-size', dataParallel(par));
  size(count(par, 'dataLocal') ? 'dataLocal' : 'data', '--data-parallel-size-local', dataLocal(par));
  return tokens;
}

// The chart's dataParallelism, dataLocalParallelism and numWorkers helpers.
function dataParallel(par: SourceNode | undefined): number {
  const d = count(par, 'data');
  const dl = count(par, 'dataLocal');
  const w = count(par, 'workers');
  return d || (dl && w ? dl * w : dl) || 1;
}
function dataLocal(par: SourceNode | undefined): number {
  const d = count(par, 'data');
  const dl = count(par, 'dataLocal');
  const w = count(par, 'workers');
  return dl || (d && w ? Math.floor(d / w) : d) || 1;
}
function workers(par: SourceNode | undefined): number {
  const d = count(par, 'data');
  const dl = count(par, 'dataLocal');
  return count(par, 'workers') || (d && dl ? Math.floor(d / dl) : 1) || 1;
}
