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
import { parallelSizes } from './ranks';

export const RAY_NO_GPU_RULE = 'k8s/ray-cluster-without-gpus';


export function rayClusterWithoutGpus(src: ManifestSource, inner: Analysis): Finding[] {
  if ((src.kind !== 'RayService' && src.kind !== 'RayJob') || !src.clusterKey || src.hardware.clusterGpus !== 0) return [];
  const needs = (inner.plan?.deployments ?? [])
    .map((d) => {
      const { tp, pp } = parallelSizes(d);
      const asked = d.hardware.gpusPerReplica?.value;
      return { name: d.name, gpus: typeof asked === 'number' ? asked : d.engine === 'vllm' ? tp * pp : 0 };
    })
    .filter((d) => d.gpus > 0);
  if (!needs.length) return [];
  const list = needs.map((d) => `${d.name} (${d.gpus} GPU${d.gpus === 1 ? '' : 's'} per replica)`).join(', ');
  return [
    {
      code: RAY_NO_GPU_RULE,
      severity: 'warning',
      message: `${src.label.split(':')[0]}: no group of ${src.kind === 'RayJob' ? 'rayClusterSpec' : 'rayClusterConfig'} gives its pods nvidia.com/gpu, but ${list} ask${needs.length === 1 ? 's' : ''} for GPUs. Ray schedules those replicas only on nodes with GPUs, so they stay PENDING and the application never runs. Add a worker group whose container has a GPU limit.`,
      range: src.clusterKey.range,
    },
  ];
}
