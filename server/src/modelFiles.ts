/**
 * The core's `ModelFiles` on the real disk, for the language server and the CLI: a
 * local model directory's config.json, else the newest snapshot's in the local Hugging
 * Face cache ($HF_HUB_CACHE, or $HF_HOME/hub, default ~/.cache/huggingface/hub).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Json } from './core/capacity/hfConfig';
import type { ModelFiles } from './core/capacity/models';

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
function findInHfCache(id: string, hfHome: string): string | undefined {
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

/** `hfHome`: the directory that holds `hub/` (tests point it at a temporary one). */
export function diskModelFiles(opts: { hfHome?: string } = {}): ModelFiles {
  return {
    config(id, baseDir) {
      const looksLocal = id.startsWith('/') || id.startsWith('.') || id.startsWith('~') || /^[A-Za-z]:[\\/]/.test(id);
      const localDir = id.startsWith('~') ? path.join(os.homedir(), id.slice(1)) : path.resolve(baseDir ?? process.cwd(), id);
      if (looksLocal || fs.existsSync(path.join(localDir, 'config.json'))) {
        const config = readJson(path.join(localDir, 'config.json'));
        if (config) return { config, origin: 'local' };
        if (looksLocal) return { unreadable: `no readable config.json in local path ${id}` };
      }
      const cached = findInHfCache(id, opts.hfHome ?? defaultHfHome());
      const config = cached ? readJson(cached) : undefined;
      return config ? { config, origin: 'hf-cache' } : undefined;
    },
  };
}

export const DISK_MODEL_FILES = diskModelFiles();
