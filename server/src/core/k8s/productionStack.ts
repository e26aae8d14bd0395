/**
 * Helm values of vLLM's production stack (`servingEngineSpec.modelSpec[]`). The chart
 * renders each model spec into a Deployment whose container runs `vllm serve`, turning
 * a fixed set of camelCase keys into flags; this reads the values the way the chart's
 * `deployment-vllm-multi.yaml` does (vllm-project/production-stack, commit f1f98227;
 * checked again against chart 0.1.12, commit 6d98f837), so the same vLLM schema and
 * rules apply, each finding on the key that produced it. A model spec with
 * `raySpec.enabled` is rendered by `ray-cluster.yaml` instead (commit 66b60661): one
 * server over a RayCluster of the head and `replicaCount` workers, with pipeline
 * parallelism and without the prefix-caching default the Deployment writes. A spec
 * with `enabled: false` is not rendered at all.
 */
import type { OffsetRange, SourceNode } from '../types';
import type { ManifestSource } from './manifest';
import { asMap, asScalar, asSeq, count, field, str } from './nodes';
import { gpuFromTerms } from './hardware';
import { argv, vllmCommand, type Token } from './vllmCommand';
import { vllmImageVersion } from './vllmImage';
import { withReplicaCount } from './replicaCount';

/** vllmConfig keys the chart turns into a flag with a value. */
const VALUED: Record<string, string> = {
  maxModelLen: '--max-model-len',
  dtype: '--dtype',
  tensorParallelSize: '--tensor-parallel-size',
  maxNumSeqs: '--max-num-seqs',
  gpuMemoryUtilization: '--gpu-memory-utilization',
  maxLoras: '--max-loras',
};
/** Rendered only by the Deployment template, or only by the RayCluster one. */
const DEPLOYMENT_ONLY: Record<string, string> = { runner: '--runner', convert: '--convert' };
const RAY_ONLY: Record<string, string> = { pipelineParallelSize: '--pipeline-parallel-size' };

export const synthetic = (text: string, range: OffsetRange): Token => ({ text, at: () => undefined, range });

/** A scalar as one argv word, mapped character for character where the scalar allows it. */
export function valueToken(host: string, node: SourceNode): Token {
  const words = argv(host, node);
  const v = asScalar(node)?.value;
  return words.length === 1 ? words[0] : synthetic(String(v ?? ''), node.range);
}

export function productionStackSources(host: string, root: SourceNode | null, release?: string): ManifestSource[] {
  const specs = asSeq(field(root ?? undefined, 'servingEngineSpec', 'modelSpec'));
  if (!specs) return [];
  const out: ManifestSource[] = [];
  for (const spec of specs.items) {
    const model = field(spec, 'modelURL');
    if (!asMap(spec) || !asScalar(model) || asScalar(field(spec, 'enabled'))?.value === false) continue;
    const ray = asScalar(field(spec, 'raySpec', 'enabled'))?.value === true;
    const tokens: Token[] = [valueToken(host, model!)];
    const pairOf = (node: SourceNode | undefined | null, key: string) => {
      const p = asMap(node ?? undefined)?.pairs.find((q) => q.key.value === key);
      return p ? { key: p.key, value: p.value ?? undefined } : undefined;
    };
    const flagIf = (key: string, flag: string) => {
      const p = pairOf(spec, key);
      if (p && asScalar(p.value)?.value === true) tokens.push(synthetic(flag, p.key.range));
    };
    flagIf('enableLoRA', '--enable-lora');
    flagIf('enableTool', '--enable-auto-tool-choice');
    const parser = pairOf(spec, 'toolCallParser');
    if (parser?.value) tokens.push(synthetic('--tool-call-parser', parser.key.range), valueToken(host, parser.value));
    const cfgPair = pairOf(spec, 'vllmConfig');
    const cfg = asMap(cfgPair?.value);
    if (cfg && cfgPair) {
      const chunked = pairOf(cfg, 'enableChunkedPrefill');
      if (chunked) tokens.push(synthetic(asScalar(chunked.value)?.value ? '--enable-chunked-prefill' : '--no-enable-chunked-prefill', chunked.key.range));
      // The chart writes one of the two prefix-caching flags whenever vllmConfig exists, so
      // leaving the key out turns vLLM's default-on prefix caching off.
      const prefix = pairOf(cfg, 'enablePrefixCaching');
      const on = !!asScalar(prefix?.value)?.value;
      if (on || !ray) tokens.push(synthetic(on ? '--enable-prefix-caching' : '--no-enable-prefix-caching', (prefix ?? cfgPair).key.range));
      for (const [key, flag] of Object.entries({ ...VALUED, ...(ray ? RAY_ONLY : DEPLOYMENT_ONLY) })) {
        const p = pairOf(cfg, key);
        if (p?.value && asScalar(p.value)) tokens.push(synthetic(flag, p.key.range), valueToken(host, p.value));
      }
      const extra = field(cfg, 'extraArgs');
      if (extra) tokens.push(...argv(host, extra));
    }
    const revision = pairOf(spec, 'modelRevision');
    if (revision?.value && asScalar(revision.value)?.value) tokens.push(synthetic('--revision', revision.key.range), valueToken(host, revision.value));
    // The chart runs `repository:tag`; a version tag on vLLM's own image is the release.
    const imageRelease = vllmImageVersion(`${str(spec, 'repository') ?? ''}:${str(spec, 'tag') ?? ''}`);
    const cmd = vllmCommand(tokens, 0, true, release ?? imageRelease);
    if (!cmd) continue;
    const gpuNode = field(spec, 'requestGPU');
    // With raySpec the server spans the head and replicaCount workers of one RayCluster.
    const gpus = ray ? (count(spec, 'raySpec', 'headNode', 'requestGPU') ?? 0) + (count(spec, 'replicaCount') ?? 1) * (count(gpuNode) ?? 0) : count(gpuNode);
    const name = str(spec, 'name');
    // With raySpec, replicaCount sizes the one server's RayCluster instead of copying the server.
    const counted = withReplicaCount(cmd.text, cmd.segments, ray ? undefined : field(spec, 'replicaCount'), 'replicaCount');
    out.push({
      kind: 'production-stack values',
      family: 'Helm values',
      label: `modelSpec ${name ?? '(unnamed)'}`,
      format: 'vllm',
      text: counted.text,
      map: { segments: counted.segments },
      region: { start: spec.range.start, end: spec.range.end },
      editable: false,
      hardware: { gpu: gpuFromTerms(field(spec, 'nodeSelectorTerms')), gpusPerReplica: gpus || undefined, clusterGpus: gpus || undefined, replicas: counted.replicas, replicasAt: counted.replicasAt, replicasKey: 'replicaCount' },
      // The pod-limit rule reads one limit per pod: with raySpec only when head and workers ask alike.
      gpuLimit: gpus && (!ray || count(spec, 'raySpec', 'headNode', 'requestGPU') === count(gpuNode)) ? gpuNode : undefined,
      anchor: spec,
      version: imageRelease,
    });
  }
  return out;
}
