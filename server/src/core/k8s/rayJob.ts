/**
 * A KubeRay `RayJob` whose `entrypoint` runs `serve run CONFIG` or `serve deploy CONFIG`
 * with the config file mounted from a ConfigMap defined in the same file. The entrypoint
 * runs as the job's driver on the head node (kuberay `ray-operator/apis/ray/v1/rayjob_types.go`:
 * `entrypoint`, `rayClusterSpec`), so the path is looked up in the head container's
 * `volumeMounts`, the mount's volume names the ConfigMap (and, with `items`, which key is
 * which file), and that key's text is read as a Ray Serve config on the cluster the job
 * starts. Any other entrypoint, or a config that lives elsewhere, is not claimed.
 */
import { rayClusterVersion } from './rayImage';
import type { SourceNode } from '../types';
import { asMap, asScalar, asSeq, field, str } from './nodes';
import { argv } from './vllmCommand';
import { rayCluster, serveConfigSource, type ManifestSource } from './manifest';

/** The config path after `serve run` / `serve deploy` (the first word that is not an option). */
function servePath(host: string, entrypoint: SourceNode): string | undefined {
  const words = argv(host, entrypoint).map((t) => t.text);
  for (let i = 0; i + 1 < words.length; i++) {
    if (!/(^|\/)serve$/.test(words[i]) || !['run', 'deploy'].includes(words[i + 1])) continue;
    const path = words.slice(i + 2).find((w) => !w.startsWith('-'));
    return path && /\.ya?ml$/.test(path) ? path : undefined;
  }
  return undefined;
}

/** The ConfigMap and key a path in the head container comes from. */
function configMapKey(head: SourceNode | undefined, pod: SourceNode | undefined, path: string): { name: string; key: string } | undefined {
  for (const m of asSeq(field(head, 'volumeMounts'))?.items ?? []) {
    const at = (str(m, 'mountPath') ?? '').replace(/\/+$/, '');
    const vol = (asSeq(field(pod, 'volumes'))?.items ?? []).find((v) => str(v, 'name') === str(m, 'name'));
    const name = str(vol, 'configMap', 'name');
    if (!at || !name) continue;
    const sub = str(m, 'subPath');
    // A subPath mount is one file: the mount path is the file, the subPath its key (or item path).
    const file = sub ? (path === at ? sub : undefined) : path.startsWith(`${at}/`) ? path.slice(at.length + 1) : undefined;
    if (!file) continue;
    const items = asSeq(field(vol, 'configMap', 'items'))?.items;
    if (!items) return { name, key: file };
    const item = items.find((it) => str(it, 'path') === file);
    return item && str(item, 'key') ? { name, key: str(item, 'key')! } : undefined;
  }
  return undefined;
}

export function rayJobSources(host: string, root: SourceNode | null, roots: readonly (SourceNode | null)[]): ManifestSource[] {
  if (str(root ?? undefined, 'kind') !== 'RayJob' || !/^ray\.io\//.test(str(root ?? undefined, 'apiVersion') ?? '')) return [];
  const entrypoint = field(root!, 'spec', 'entrypoint');
  const path = entrypoint && servePath(host, entrypoint);
  if (!path) return [];
  const cluster = field(root!, 'spec', 'rayClusterSpec');
  const pod = field(cluster, 'headGroupSpec', 'template', 'spec');
  const head = asSeq(field(pod, 'containers'))?.items[0];
  const ref = configMapKey(head, pod, path);
  if (!ref) return [];
  const cm = roots.find((r) => str(r ?? undefined, 'kind') === 'ConfigMap' && str(r ?? undefined, 'metadata', 'name') === ref.name);
  const node = asScalar(field(cm ?? undefined, 'data', ref.key));
  if (!node) return [];
  const name = str(root!, 'metadata', 'name');
  const clusterKey = asMap(field(root!, 'spec'))?.pairs.find((p) => p.key.value === 'rayClusterSpec')?.key;
  const title = name ? `RayJob ${name}` : 'RayJob';
  const src = serveConfigSource(host, node, 'RayJob', `${title}: ${path} (ConfigMap ${ref.name}, key ${ref.key})`, rayCluster(cluster), clusterKey, rayClusterVersion(cluster));
  return src ? [src] : [];
}
