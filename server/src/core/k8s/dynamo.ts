/**
 * NVIDIA Dynamo's `DynamoGraphDeployment` (`nvidia.com/v1alpha1`; ai-dynamo/dynamo
 * `deploy/cloud/operator/api/v1alpha1/dynamocomponentdeployment_types.go`). Each
 * `spec.services.<name>` is a component; a vLLM worker's main container runs
 * `python3 -m dynamo.vllm` with vLLM's engine arguments and Dynamo's own flags
 * (`components/src/dynamo/vllm/backend_args.py`: `--is-prefill-worker`,
 * `--is-decode-worker`, …, plus the common runtime group). Only the engine arguments
 * are checked; a flag vLLM does not know is Dynamo's and is skipped. GPUs per server are
 * the service's `resources.limits.gpu` × `multinode.nodeCount` ("Total number of GPUs is
 * NumberOfNodes * GPU limit"), replicas are `replicas`. The operator mounts /dev/shm
 * itself (`sharedMemory`), so the pod rules do not judge these services.
 */
import type { SourceNode } from '../types';
import type { ManifestSource } from './manifest';
import { asMap, count, field } from './nodes';
import { gpuType } from './hardware';
import { argv, vllmCommand, type Token } from './vllmCommand';
import { expandEnvRefs } from './envRefs';
import { withReplicaCount } from './replicaCount';

/** Index after `-m dynamo.vllm`, where the engine and Dynamo arguments start. */
function findDynamoVllm(tokens: Token[]): number | undefined {
  for (let i = 1; i < tokens.length; i++) if (tokens[i].text === 'dynamo.vllm' && tokens[i - 1].text === '-m') return i + 1;
  return undefined;
}

export function dynamoSources(host: string, root: SourceNode, title: string, release?: string): ManifestSource[] {
  const out: ManifestSource[] = [];
  for (const { key, value } of asMap(field(root, 'spec', 'services'))?.pairs ?? []) {
    const svc = value ?? undefined;
    const main = field(svc, 'extraPodSpec', 'mainContainer');
    if (!svc || !main) continue;
    const tokens = expandEnvRefs(host, main, argv(host, field(main, 'command'), field(main, 'args')));
    const from = findDynamoVllm(tokens);
    if (from === undefined) continue;
    const cmd = vllmCommand(tokens, from, false, release, { ownFlags: true });
    if (!cmd) continue;
    const name = String(key.value);
    const counted = withReplicaCount(cmd.text, cmd.segments, field(svc, 'replicas'), 'replicas');
    const gpuNode = field(svc, 'resources', 'limits', 'gpu') ?? field(svc, 'resources', 'requests', 'gpu');
    const perPod = count(gpuNode);
    const perServer = perPod !== undefined ? perPod * (count(svc, 'multinode', 'nodeCount') || 1) : undefined;
    out.push({
      kind: 'DynamoGraphDeployment',
      family: 'Kubernetes',
      label: `${title}: ${name}`,
      format: 'vllm',
      text: counted.text,
      map: { segments: counted.segments },
      region: { start: svc.range.start, end: svc.range.end },
      editable: false,
      hardware: { gpu: gpuType(field(svc, 'extraPodSpec')), gpusPerReplica: perServer, clusterGpus: perServer, replicas: counted.replicas, replicasAt: counted.replicasAt, replicasKey: 'replicas' },
      gpuLimit: perPod !== undefined ? gpuNode : undefined,
      anchor: main,
      // Dynamo's runtime images (nvcr.io/nvidia/ai-dynamo/vllm-runtime) carry Dynamo's version, not vLLM's.
      version: undefined,
    });
  }
  return out;
}
