/**
 * The files a Triton model configuration depends on, read through the host so the
 * core can size the model: the vLLM backend's `<version>/model.json` beside
 * config.pbtxt, and a TensorRT-LLM engine's config.json in `gpt_model_path`.
 * `analyze({ host })` reads them when the caller gives no `companions`; everything
 * here is best effort and bounded (a missing or unreadable file is simply absent,
 * and the analysis says what it lacks).
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Host } from '../../host';

/** Larger files are not engine arguments or engine configs; skip them rather than read megabytes per keystroke. */
const MAX_COMPANION_BYTES = 1024 * 1024;
/** Version directories Triton would consider; a repository with more is unusual and not worth the syscalls. */
const MAX_VERSION_DIRS = 64;

/** The `string_value` of a tensorrt_llm `parameters` entry, read without parsing the whole config. */
function parameterValue(text: string, key: string): string | undefined {
  const re = new RegExp(`key\\s*:\\s*"${key}"\\s*value\\s*:?\\s*\\{\\s*string_value\\s*:\\s*"([^"]*)"`, 'g');
  let last: string | undefined;
  for (const m of text.matchAll(re)) last = m[1];
  return last;
}

/**
 * Companions of the pbtxt document at `uri` (a file: URI or an absolute path), keyed
 * the way `analyze()` expects. Returns undefined for documents that need none.
 */
export function readCompanions(uri: string, text: string, host: Host): Record<string, string> | undefined {
  const vllm = /backend\s*:\s*"vllm"/.test(text);
  const trtllm = /backend\s*:\s*"tensorrtllm"/.test(text);
  if (!vllm && !trtllm) return undefined;
  let file: string;
  try {
    file = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
    if (!path.isAbsolute(file)) return undefined;
  } catch {
    return undefined;
  }
  const dir = path.dirname(file);
  const out: Record<string, string> = {};
  if (vllm) {
    // An unreadable model directory has no version folders to offer.
    const entries = (host.listDir(dir) ?? []).map((e) => e.name).filter((e) => /^\d+$/.test(e)).slice(0, MAX_VERSION_DIRS);
    for (const version of entries) {
      const t = host.readFile(path.join(dir, version, 'model.json'), MAX_COMPANION_BYTES);
      if (t !== undefined) out[`${version}/model.json`] = t;
    }
  }
  if (trtllm) {
    const enginePath = parameterValue(text, 'gpt_model_path');
    if (enginePath && !/^\$\{.*\}$/.test(enginePath.trim())) {
      const p = enginePath.trim().replace(/\/+$/, '');
      // Triton resolves an absolute path as is; a relative one is tried against the model directory.
      const t = host.readFile(path.resolve(dir, p, 'config.json'), MAX_COMPANION_BYTES);
      if (t !== undefined) out[`${p}/config.json`] = t;
    }
  }
  return out;
}
