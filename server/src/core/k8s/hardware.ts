/**
 * What a pod spec says about its GPUs: the count from `resources.limits` (the device
 * plugins' extended resources; requests must equal limits for them, so limits are
 * authoritative) and the type from the node labels a scheduler matches on.
 */
import type { SourceNode } from '../types';
import { asSeq, count, field, str } from './nodes';

const GPU_RESOURCES = ['nvidia.com/gpu', 'amd.com/gpu'];

/**
 * Node labels that name the GPU model: NVIDIA GPU feature discovery, GKE, Karpenter on
 * AWS. Their values (`NVIDIA-A100-SXM4-80GB`, `nvidia-l4`, `a100`) are resolved by
 * the capacity model's GPU catalog.
 */
export const GPU_LABELS = ['nvidia.com/gpu.product', 'cloud.google.com/gke-accelerator', 'karpenter.k8s.aws/instance-gpu-name'];

export interface PodGpus {
  /** GPUs each pod gets. */
  perPod?: number;
  /** The limit's value node, for findings about it. */
  node?: SourceNode;
  /** GPU type from a node selector or required node affinity. */
  type?: string;
}

export function containerGpus(container: SourceNode | undefined): { perPod?: number; node?: SourceNode } {
  for (const r of GPU_RESOURCES) {
    const node = field(container, 'resources', 'limits', r) ?? field(container, 'resources', 'requests', r);
    const n = count(node);
    if (n !== undefined) return { perPod: n, node };
  }
  return {};
}

/** GPU type pinned by `nodeSelector` or a required node-affinity term with one value. */
export function gpuType(podSpec: SourceNode | undefined): string | undefined {
  for (const l of GPU_LABELS) {
    const v = str(podSpec, 'nodeSelector', l);
    if (v) return v;
  }
  return gpuFromTerms(field(podSpec, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'));
}

/** GPU type from node-selector terms (`[{matchExpressions: [{key, operator: In, values: [one]}]}]`). */
export function gpuFromTerms(termsNode: SourceNode | undefined): string | undefined {
  const terms = asSeq(termsNode);
  for (const term of terms?.items ?? []) {
    for (const expr of asSeq(field(term, 'matchExpressions'))?.items ?? []) {
      const key = str(expr, 'key');
      const values = asSeq(field(expr, 'values'));
      if (key && GPU_LABELS.includes(key) && str(expr, 'operator') === 'In' && values?.items.length === 1) {
        const v = values.items[0].kind === 'scalar' ? String(values.items[0].value) : undefined;
        if (v) return v;
      }
    }
  }
  return undefined;
}
