/**
 * Reads the files a Triton model configuration depends on, so the pure core can
 * size the model: the vLLM backend's `<version>/model.json` beside
 * config.pbtxt, and a TensorRT-LLM engine's config.json in `gpt_model_path`.
 * Shared by the language server and the CLI; everything here is best effort and
 * bounded (a missing or unreadable file is simply absent, and the analysis says
 * what it lacks).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPbtxt } from './core/analyze';

/** Larger files are not engine arguments or engine configs; skip them rather than read megabytes per keystroke. */
const MAX_COMPANION_BYTES = 1024 * 1024;
/** Version directories Triton would consider; a repository with more is unusual and not worth the syscalls. */
const MAX_VERSION_DIRS = 64;

function readSmall(file: string): string | undefined {
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > MAX_COMPANION_BYTES) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The `string_value` of a tensorrt_llm `parameters` entry, read without parsing the whole config. */
function parameterValue(text: string, key: string): string | undefined {
  const re = new RegExp(`key\\s*:\\s*"${key}"\\s*value\\s*:?\\s*\\{\\s*string_value\\s*:\\s*"([^"]*)"`, 'g');
  let last: string | undefined;
  for (const m of text.matchAll(re)) last = m[1];
  return last;
}

/**
 * Companions of the document at `uri` (a file: URI or a path), keyed the way
 * `analyze()` expects. Returns undefined for documents that need none.
 */
export function readCompanions(uri: string, text: string): Record<string, string> | undefined {
  if (!isPbtxt(uri)) return undefined;
  const vllm = /backend\s*:\s*"vllm"/.test(text);
  const trtllm = /backend\s*:\s*"tensorrtllm"/.test(text);
  if (!vllm && !trtllm) return undefined;
  let file: string;
  try {
    file = uri.startsWith('file:') ? fileURLToPath(uri) : path.resolve(uri);
  } catch {
    return undefined;
  }
  const dir = path.dirname(file);
  const out: Record<string, string> = {};
  if (vllm) {
    let entries: string[] = [];
    try {
      entries = fs.readdirSync(dir).filter((e) => /^\d+$/.test(e)).slice(0, MAX_VERSION_DIRS);
    } catch {
      // An unreadable model directory has no version folders to offer.
    }
    for (const version of entries) {
      const t = readSmall(path.join(dir, version, 'model.json'));
      if (t !== undefined) out[`${version}/model.json`] = t;
    }
  }
  if (trtllm) {
    const enginePath = parameterValue(text, 'gpt_model_path');
    if (enginePath && !/^\$\{.*\}$/.test(enginePath.trim())) {
      const p = enginePath.trim().replace(/\/+$/, '');
      // Triton resolves an absolute path as is; a relative one is tried against the model directory.
      const t = readSmall(path.resolve(dir, p, 'config.json'));
      if (t !== undefined) out[`${p}/config.json`] = t;
    }
  }
  return out;
}
