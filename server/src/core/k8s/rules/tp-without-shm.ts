/**
 * vLLM's workers of one server exchange data through shared memory (/dev/shm), and
 * a container's /dev/shm is 64 MiB unless the pod mounts a memory-backed emptyDir
 * there (or shares the host's IPC namespace; compose: `ipc: host` or `shm_size`).
 * Tensor- or pipeline-parallel servers then die with "Bus error" at start or under
 * load (vllm-project/production-stack PR #994; vLLM's Docker docs ask for
 * `--ipc=host` or `--shm-size`). The production-stack chart mounts one only when
 * `vllmConfig.tensorParallelSize` is set (helm/templates/deployment-vllm-multi.yaml).
 */
import type { Analysis } from '../../analysis';
import type { Finding, SourceNode } from '../../types';
import type { ManifestSource } from '../manifest';
import { LLMD_KIND } from '../llmd';
import { asMap, asScalar, asSeq, field, str } from '../nodes';
import { parallelSizes } from './ranks';

export const TP_SHM_RULE = 'k8s/tp-without-shm';


/** Volume names the container mounts at /dev/shm. */
const atShm = (mount: SourceNode) => str(mount, 'mountPath')?.replace(/\/+$/, '') === '/dev/shm';

function shmMounts(container: SourceNode | undefined): string[] {
  return (asSeq(field(container, 'volumeMounts'))?.items ?? []).filter(atShm).map((m) => str(m, 'name') ?? '');
}

function podHasShm(pod: SourceNode | undefined, container: SourceNode): boolean {
  if (asScalar(field(pod, 'hostIPC'))?.value === true) return true;
  const names = shmMounts(container);
  if (!names.length) return false;
  return (asSeq(field(pod, 'volumes'))?.items ?? []).some((v) => names.includes(str(v, 'name') ?? '') && str(v, 'emptyDir', 'medium') === 'Memory');
}

function helmHasShm(spec: SourceNode): boolean {
  if (field(spec, 'vllmConfig', 'tensorParallelSize')) return true;
  return (asSeq(field(spec, 'extraVolumeMounts'))?.items ?? []).some(atShm);
}

function composeHasShm(svc: SourceNode): boolean {
  return str(svc, 'ipc') === 'host' || field(svc, 'shm_size') !== undefined;
}

/** Where to report: the container's or service's name, else the node that holds the config. */
function anchorRange(src: ManifestSource) {
  const name = asMap(src.anchor)?.pairs.find((p) => p.key.value === 'name');
  return (name?.value ?? src.anchor).range;
}

export function tpWithoutShm(src: ManifestSource, inner: Analysis): Finding[] {
  if (src.format !== 'vllm') return [];
  const dep = inner.plan?.deployments[0];
  if (!dep) return [];
  const { tp, pp } = parallelSizes(dep);
  if (tp * pp < 2) return [];
  let ok: boolean;
  let fix: string;
  if (src.kind === LLMD_KIND) {
    ok = podHasShm(src.pod, src.anchor);
    fix = `Add an emptyDir with medium: Memory to ${src.label.split(' ')[0]}.volumes and mount it at /dev/shm in this container's volumeMounts.`;
  } else if (src.family === 'Kubernetes') {
    if (!src.pod) return [];
    ok = podHasShm(src.pod, src.anchor);
    fix = 'Mount an emptyDir with medium: Memory at /dev/shm in this container (a sizeLimit of a few GiB is plenty).';
  } else if (src.family === 'Helm values') {
    ok = helmHasShm(src.anchor);
    fix = 'Set vllmConfig.tensorParallelSize (the chart then mounts a memory-backed /dev/shm) instead of passing the size in extraArgs.';
  } else {
    ok = composeHasShm(src.anchor);
    fix = 'Add ipc: host or shm_size (for example shm_size: 8gb) to the service.';
  }
  if (ok) return [];
  return [
    {
      code: TP_SHM_RULE,
      severity: 'warning',
      message: `${src.label} runs ${tp * pp} vLLM workers (tensor ${tp} × pipeline ${pp}) that talk through /dev/shm, which is 64 MiB in a container by default: the server crashes with "Bus error" at start or under load. ${fix}`,
      range: anchorRange(src),
    },
  ];
}
