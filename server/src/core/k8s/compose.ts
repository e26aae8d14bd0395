/**
 * Compose files (`docker compose`) whose services run vLLM's OpenAI server: either a
 * command that calls `vllm serve`, or vLLM's own image, whose entrypoint already runs
 * the server so `command` holds only its arguments (vllm-project/vllm
 * docker/Dockerfile, stage vllm-openai). GPUs come from the service's device
 * reservation (`deploy.resources.reservations.devices[].count`).
 */
import type { SourceNode } from '../types';
import type { ManifestSource } from './manifest';
import { asMap, asSeq, count, field, str } from './nodes';
import { argv, findVllm, vllmCommand } from './vllmCommand';
import { VLLM_IMAGE, vllmImageVersion } from './vllmImage';

export function composeSources(host: string, root: SourceNode | null, release?: string): ManifestSource[] {
  const services = asMap(field(root ?? undefined, 'services'));
  if (!services) return [];
  const out: ManifestSource[] = [];
  for (const { key, value } of services.pairs) {
    const svc = value ?? undefined;
    if (!svc) continue;
    const image = str(svc, 'image') ?? '';
    const entrypoint = field(svc, 'entrypoint');
    const tokens = argv(host, entrypoint, field(svc, 'command'));
    let found = findVllm(tokens);
    if (!found && !entrypoint && VLLM_IMAGE.test(image)) found = { from: 0, positional: true };
    const cmd = found && vllmCommand(tokens, found.from, found.positional, release ?? vllmImageVersion(image));
    if (!cmd) continue;
    const device = asSeq(field(svc, 'deploy', 'resources', 'reservations', 'devices'))?.items.find((d) => count(d, 'count') !== undefined);
    const countNode = device ? field(device, 'count') : undefined;
    const gpus = count(countNode);
    out.push({
      kind: 'service',
      family: 'Compose',
      label: `service ${String(key.value)}`,
      format: 'vllm',
      text: cmd.text,
      map: { segments: cmd.segments },
      region: cmd.region,
      editable: false,
      hardware: { gpusPerReplica: gpus || undefined, clusterGpus: gpus || undefined },
      gpuLimit: gpus ? countNode : undefined,
      anchor: svc,
      version: vllmImageVersion(image),
    });
  }
  return out;
}
