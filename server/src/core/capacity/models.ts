/**
 * Model resolution: catalog → local path → local Hugging Face cache → (opt-in) a
 * config already fetched from the Hub. Synchronous on purpose: hovers and rules call
 * it on the hot path; the one network call is `fetchHubConfig` in hub.ts, which
 * callers await elsewhere.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findInCatalog } from './modelCatalog';
import { archFromHfConfig, type Json } from './hfConfig';
import { hubAnswer } from './hub';
import type { ModelResolution } from './types';

export interface ResolveModelOptions {
  /** Directory that holds `hub/` (defaults to $HF_HOME or ~/.cache/huggingface). */
  hfHome?: string;
  /** Base directory for relative local paths (the config file's folder). */
  baseDir?: string;
  /** Use configs previously fetched from the Hub by `fetchHubConfig`. */
  allowHubFetch?: boolean;
  /** Skip the filesystem (tests, browser). */
  noFilesystem?: boolean;
}

function readJson(file: string): Json | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
  } catch {
    return undefined;
  }
}

function defaultHfHome(): string {
  return process.env.HF_HOME ?? path.join(os.homedir(), '.cache', 'huggingface');
}

/** Finds `config.json` of a repo in the local Hugging Face cache (newest snapshot). */
export function findInHfCache(id: string, hfHome: string = defaultHfHome()): string | undefined {
  if (!/^[\w.-]+\/[\w.-]+$/.test(id)) return undefined;
  const hubDir = process.env.HF_HUB_CACHE && hfHome === defaultHfHome() ? process.env.HF_HUB_CACHE : path.join(hfHome, 'hub');
  const snapshots = path.join(hubDir, `models--${id.replace('/', '--')}`, 'snapshots');
  let entries: string[];
  try {
    entries = fs.readdirSync(snapshots);
  } catch {
    return undefined;
  }
  const candidates = entries
    .map((e) => path.join(snapshots, e, 'config.json'))
    .filter((f) => fs.existsSync(f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return candidates[0];
}

/**
 * Resolves a model id, alias or local path to its architecture, without
 * network access. Order: catalog, local directory's config.json, local HF
 * cache, then configs already fetched from the Hub (only with allowHubFetch).
 */
export function resolveModel(idOrPath: string | undefined, opts: ResolveModelOptions = {}): ModelResolution {
  if (!idOrPath || !idOrPath.trim()) return { unknown: 'no model was given: set `model`' };
  const id = idOrPath.trim();
  const fromCatalog = findInCatalog(id);
  if (fromCatalog) return { arch: fromCatalog, origin: 'catalog' };

  if (!opts.noFilesystem) {
    const looksLocal = id.startsWith('/') || id.startsWith('.') || id.startsWith('~') || /^[A-Za-z]:[\\/]/.test(id);
    const localDir = id.startsWith('~') ? path.join(os.homedir(), id.slice(1)) : path.resolve(opts.baseDir ?? process.cwd(), id);
    if (looksLocal || fs.existsSync(path.join(localDir, 'config.json'))) {
      const cfg = readJson(path.join(localDir, 'config.json'));
      if (cfg) {
        const arch = archFromHfConfig(cfg, id);
        return typeof arch === 'string' ? { unknown: arch } : { arch, origin: 'local' };
      }
      if (looksLocal) return { unknown: `no readable config.json in local path ${id}` };
    }
    const cached = findInHfCache(id, opts.hfHome ?? defaultHfHome());
    if (cached) {
      const cfg = readJson(cached);
      if (cfg) {
        const arch = archFromHfConfig(cfg, id);
        return typeof arch === 'string' ? { unknown: arch } : { arch, origin: 'hf-cache' };
      }
    }
  }

  if (opts.allowHubFetch) {
    // The Hub's own answer (gated, missing) says more than "not fetched".
    return hubAnswer(id) ?? { unknown: `${id} is not in the catalog or the local Hugging Face cache; its config.json has not been fetched from the Hub yet` };
  }
  return {
    unknown: `${id} is not in the model catalog, not a local path with config.json, and not in the local Hugging Face cache (download its config.json with "huggingface-cli download ${id} config.json", in the editor turn on servescope.models.allowHubFetch, or on the command line pass --hub to fetch it from the Hugging Face Hub)`,
  };
}
