/**
 * Ray schedules a replica that asks for GPUs only on a node that advertises them, and
 * KubeRay advertises a pod's GPUs from its container's `nvidia.com/gpu` limit (or
 * `rayStartParams.num-gpus`). A RayService whose cluster has no group with GPUs leaves
 * every such replica PENDING: the Serve application never becomes RUNNING, and the
 * RayService never turns ready.
 */
import type { Analysis } from '../../analysis';
import type { Finding } from '../../types';
import type { ManifestSource } from '../manifest';

export const RAY_NO_GPU_RULE = 'k8s/ray-cluster-without-gpus';

const n = (s: { value: unknown } | undefined) => (typeof s?.value === 'number' && s.value >= 1 ? s.value : 1);

export function rayClusterWithoutGpus(src: ManifestSource, inner: Analysis): Finding[] {
  if (src.kind !== 'RayService' || !src.clusterKey || src.hardware.clusterGpus !== 0) return [];
  const needs = (inner.plan?.deployments ?? [])
    .map((d) => ({ name: d.name, gpus: typeof d.hardware.gpusPerReplica?.value === 'number' ? d.hardware.gpusPerReplica.value : d.engine === 'vllm' ? n(d.parallelism.tensor) * n(d.parallelism.pipeline) : 0 }))
    .filter((d) => d.gpus > 0);
  if (!needs.length) return [];
  const list = needs.map((d) => `${d.name} (${d.gpus} GPU${d.gpus === 1 ? '' : 's'} per replica)`).join(', ');
  return [
    {
      code: RAY_NO_GPU_RULE,
      severity: 'warning',
      message: `${src.label.replace(/: serveConfigV2$/, '')}: no group of rayClusterConfig gives its pods nvidia.com/gpu, but ${list} ask${needs.length === 1 ? 's' : ''} for GPUs. Ray schedules those replicas only on nodes with GPUs, so they stay PENDING and the application never runs. Add a worker group whose container has a GPU limit.`,
      range: src.clusterKey.range,
    },
  ];
}
