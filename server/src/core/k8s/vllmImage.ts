/**
 * vLLM's own server images: which images run vLLM's OpenAI server as their entrypoint
 * (vllm-project/vllm docker/Dockerfile, stage vllm-openai), and the release a version
 * tag on one pins. Pods, compose services and production-stack values all read images
 * through these two.
 */

/** vLLM's published server images (Docker Hub and the ROCm build). */
export const VLLM_IMAGE = /(^|\/)vllm\/vllm-openai(-rocm)?(:|@|$)|(^|\/)rocm\/vllm(:|@|$)/;

/**
 * The vLLM release an image of vLLM's own pins by its tag (`vllm/vllm-openai:v0.8.5`,
 * a registry mirror of it, `:0.11.0`, `:v0.6.3.post1`); none for `latest`, nightlies,
 * digests or other builders' images, whose tags are not vLLM versions.
 */
export function vllmImageVersion(image: string | undefined): string | undefined {
  const m = image ? /(?:^|\/)vllm\/vllm-openai(?:-rocm)?:v?(\d+\.\d+(?:\.\d+)?)(?:\.post\d+)?$/.exec(image.trim()) : null;
  return m?.[1];
}
