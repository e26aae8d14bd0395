/**
 * Hardware a manifest declares, written into the plan of the config it carries, so
 * the capacity rules and hovers read it like hardware the config itself names. Only
 * gaps are filled: what the config says (Ray's num_gpus per replica) stays.
 */
import type { ServingPlan } from '../plan';
import type { HostHardware } from './manifest';

export function applyHostHardware(plan: ServingPlan, hw: HostHardware): void {
  for (const d of plan.deployments) {
    if (hw.gpu && !d.hardware.gpu) {
      d.hardware.gpu = { value: hw.gpu, path: 'nodeSelector' };
      d.hardware.origin = 'file';
    }
    if (hw.gpusPerReplica !== undefined && !d.hardware.gpusPerReplica) d.hardware.gpusPerReplica = { value: hw.gpusPerReplica, path: 'resources.limits' };
    // The range is the count's line in the embedded text, which the host map ties to the manifest's number.
    if (hw.replicas !== undefined && !d.replicas.fixed && !d.replicas.max) d.replicas.fixed = { value: hw.replicas, path: hw.replicasKey ?? 'spec.replicas', range: hw.replicasAt };
    const { min, max } = hw.scaling ?? {};
    if (max?.value !== undefined && !d.replicas.fixed && !d.replicas.max) {
      d.replicas.max = { value: max.value, path: max.key, range: max.at };
      if (min?.value !== undefined && !d.replicas.min) d.replicas.min = { value: min.value, path: min.key, range: min.at };
    }
  }
}
