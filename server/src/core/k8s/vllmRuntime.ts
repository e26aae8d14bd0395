/**
 * production-stack's operator resource `VLLMRuntime` (`production-stack.vllm.ai/v1alpha1`).
 * The operator turns it into a Deployment whose container runs `vllm serve` with flags
 * built from a fixed set of fields (vllm-project/production-stack
 * operator/internal/controller/vllmruntime_controller.go, commit 217fadb1; field names
 * from operator/api/v1alpha1/vllmruntime_types.go). This reads them the same way, each
 * flag mapped to the field that wrote it. Two flags are always written: the chunked
 * prefill and prefix caching switches are booleans that default to false, so a runtime
 * that leaves them out runs with both turned off.
 */
import type { SourceNode } from '../types';
import type { ManifestSource } from './manifest';
import { asMap, asScalar, count, field, str } from './nodes';
import { gpuFromTerms } from './hardware';
import { argv, vllmCommand, type Token } from './vllmCommand';
import { synthetic, valueToken } from './productionStack';
import { vllmImageVersion } from './vllmImage';
import { withReplicaCount } from './replicaCount';

/** Fields written as `--flag value` when set (non-empty, non-zero), in the operator's order. */
const VALUED: [section: 'model' | 'vllmConfig', key: string, flag: string][] = [
  ['model', 'maxModelLen', '--max-model-len'],
  ['model', 'dtype', '--dtype'],
  ['vllmConfig', 'tensorParallelSize', '--tensor-parallel-size'],
  ['model', 'maxNumSeqs', '--max-num-seqs'],
  ['vllmConfig', 'gpuMemoryUtilization', '--gpu_memory_utilization'],
  ['vllmConfig', 'maxLoras', '--max_loras'],
];

const keyOf = (node: SourceNode | undefined, key: string) => asMap(node)?.pairs.find((p) => p.key.value === key);

export function vllmRuntimeSources(host: string, root: SourceNode, title: string, release?: string): ManifestSource[] {
  const spec = field(root, 'spec');
  const sections = { model: field(spec, 'model'), vllmConfig: field(spec, 'vllmConfig') };
  const model = asScalar(field(sections.model, 'modelURL'));
  if (!model) return [];
  const tokens: Token[] = [valueToken(host, model)];
  const set = (node: SourceNode | null | undefined) => {
    const v = asScalar(node ?? undefined)?.value;
    return v !== undefined && v !== null && v !== '' && v !== 0 && v !== false;
  };
  const flag = (section: SourceNode | undefined, key: string, on: string, off?: string) => {
    const p = keyOf(section, key);
    const anchor = p?.key ?? keyOf(spec, 'vllmConfig')?.key ?? keyOf(root, 'spec')?.key;
    if (set(p?.value)) tokens.push(synthetic(on, p!.key.range));
    else if (off && anchor) tokens.push(synthetic(off, anchor.range));
  };
  flag(sections.model, 'enableLoRA', '--enable-lora');
  flag(sections.model, 'enableTool', '--enable-auto-tool-choice');
  const parser = keyOf(sections.model, 'toolCallParser');
  if (parser?.value && set(parser.value)) tokens.push(synthetic('--tool-call-parser', parser.key.range), valueToken(host, parser.value));
  flag(sections.vllmConfig, 'enableChunkedPrefill', '--enable-chunked-prefill', '--no-enable-chunked-prefill');
  flag(sections.vllmConfig, 'enablePrefixCaching', '--enable-prefix-caching', '--no-enable-prefix-caching');
  for (const [section, key, name] of VALUED) {
    const p = keyOf(sections[section], key);
    if (p?.value && set(p.value)) tokens.push(synthetic(name, p.key.range), valueToken(host, p.value));
  }
  const extra = field(sections.vllmConfig, 'extraArgs');
  if (extra) tokens.push(...argv(host, extra));
  const image = `${str(spec, 'deploymentConfig', 'image', 'registry') ?? ''}/${str(spec, 'deploymentConfig', 'image', 'name') ?? ''}`;
  const cmd = vllmCommand(tokens, 0, true, release ?? vllmImageVersion(image));
  if (!cmd) return [];
  const gpuNode = field(spec, 'deploymentConfig', 'resources', 'gpu');
  const gpus = count(gpuNode);
  // The operator's Deployment takes its replicas from deploymentConfig.replicas.
  const counted = withReplicaCount(cmd.text, cmd.segments, field(spec, 'deploymentConfig', 'replicas'), 'deploymentConfig.replicas');
  return [
    {
      kind: 'VLLMRuntime',
      family: 'Kubernetes',
      label: `${title}: vllm`,
      format: 'vllm',
      text: counted.text,
      map: { segments: counted.segments },
      region: { start: spec?.range.start ?? root.range.start, end: spec?.range.end ?? root.range.end },
      editable: false,
      hardware: { gpu: gpuFromTerms(field(spec, 'deploymentConfig', 'nodeSelectorTerms')), gpusPerReplica: gpus || undefined, clusterGpus: gpus || undefined, replicas: counted.replicas, replicasAt: counted.replicasAt, replicasKey: 'deploymentConfig.replicas' },
      gpuLimit: gpus ? gpuNode : undefined,
      anchor: spec ?? root,
      version: vllmImageVersion(image),
    },
  ];
}
