/**
 * Ray's own images (`rayproject/ray`, `rayproject/ray-ml`, `rayproject/ray-llm`): the Ray
 * release a tag pins (`2.46.0`, `2.46.0-py311-gpu`, `2.46.0.0e19ea-py311-cu121`, and the
 * `ray-2.48.0-py311-cu128` form KubeRay's DeepSeek sample uses), and the release a
 * RayService's cluster runs. `latest`, `nightly`, nightly builds, bare commit tags and
 * digests pin none.
 */
import type { SourceNode } from '../types';
import { asSeq, field, str } from './nodes';

const RAY_TAG = /(?:^|\/)rayproject\/ray(?:-ml|-llm)?:(?:ray-)?(\d+\.\d+\.\d+)(?:[.-][\w.-]*)?$/;

/** The Ray release an image of Ray's own pins by its tag, or undefined. */
export function rayImageVersion(image: string | undefined): string | undefined {
  return image ? RAY_TAG.exec(image.trim())?.[1] : undefined;
}

/**
 * The Ray release a RayCluster spec (a RayService's `rayClusterConfig`) runs: its head's
 * image, since the head runs Serve's controller, which validates the config; else the
 * first worker group's. The spec's `rayVersion` is left aside: KubeRay does not start that
 * release, the image does.
 */
export function rayClusterVersion(cluster: SourceNode | undefined): string | undefined {
  const images = (pod: SourceNode | undefined) => (asSeq(field(pod, 'containers'))?.items ?? []).map((c) => rayImageVersion(str(c, 'image')));
  const head = images(field(cluster, 'headGroupSpec', 'template', 'spec')).find(Boolean);
  if (head) return head;
  for (const g of asSeq(field(cluster, 'workerGroupSpecs'))?.items ?? []) {
    const v = images(field(g, 'template', 'spec')).find(Boolean);
    if (v) return v;
  }
  return undefined;
}
