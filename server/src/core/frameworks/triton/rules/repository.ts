/**
 * The model repository around a config on disk: sibling model directories and their
 * config.pbtxt, read once per check. Used by the ensemble rules that need the step
 * models' own configs. Everything here answers "don't know" rather than guess: no
 * file URI, no sibling, an unparsable or oversized sibling, or IO that the sibling's
 * backend may still auto-complete.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePbtxt } from '../../../parse/pbtxt';
import { DEFAULT_SETTINGS, type Finding } from '../../../types';
import { tritonAdapter } from '../index';
import { isObj, list, resolvePlatform, str, type Obj } from './model-config';

const MAX_SIBLING_BYTES = 1024 * 1024;

/** Parsed sibling configs by path, valid while size and mtime are unchanged (several rules read the same ones on every keystroke). */
const cache = new Map<string, { mtimeMs: number; size: number; cfg: Obj | undefined }>();
const CACHE_LIMIT = 256;

export interface Repository {
  dir: string;
  modelDir: string;
}

export function repositoryOf(uri: string): Repository | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    const modelDir = path.dirname(fileURLToPath(uri));
    return { dir: path.dirname(modelDir), modelDir };
  } catch {
    return undefined;
  }
}

export function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** A usable step model name: no path tricks, no placeholder. */
export function plainModelName(m: string | undefined): m is string {
  return !!m && !m.includes('${') && !/[\\/]/.test(m) && m !== '.' && m !== '..';
}

/** The sibling model's config.pbtxt as a plain object, when it exists and parses cleanly. */
export function siblingConfig(repo: Repository, model: string): Obj | undefined {
  if (!plainModelName(model)) return undefined;
  const file = path.join(repo.dir, model, 'config.pbtxt');
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > MAX_SIBLING_BYTES) return undefined;
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.cfg;
    const cfg = parseConfig(fs.readFileSync(file, 'utf8'));
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(file, { mtimeMs: st.mtimeMs, size: st.size, cfg });
    return cfg;
  } catch {
    return undefined;
  }
}

function parseConfig(text: string): Obj | undefined {
  const tree = parsePbtxt(text);
  if (tree.errors.length > 0) return undefined;
  const root = tree.roots[0] ?? null;
  const findings: Finding[] = [];
  const v = tritonAdapter.toValue({ root, schema: 'triton', text, settings: DEFAULT_SETTINGS }, findings).value;
  return isObj(v) ? v : undefined;
}

/**
 * The inputs or outputs a sibling model will have once loaded, or undefined when its
 * backend may still add some (auto-complete fills IO from the model file when the
 * config lists none; a Python model.py with auto_complete_config may add any).
 */
export function finalIo(repo: Repository, model: string, cfg: Obj, side: 'input' | 'output'): Obj[] | undefined {
  const ios = list(cfg[side]).filter(isObj);
  if (ios.length === 0) return undefined;
  const r = cfg.platform === 'ensemble' ? { platform: 'ensemble', backend: '' } : resolvePlatform(cfg);
  if (!r) return undefined;
  if (r.backend === 'python') {
    const scripts = pythonScripts(path.join(repo.dir, model));
    if (scripts.length === 0 || scripts.some((s) => s.includes('auto_complete_config'))) return undefined;
  }
  return ios;
}

function pythonScripts(modelDir: string): string[] {
  try {
    return fs
      .readdirSync(modelDir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && /^\d+$/.test(e.name))
      .map((e) => path.join(modelDir, e.name, 'model.py'))
      .filter((p) => fs.existsSync(p) && fs.statSync(p).size <= MAX_SIBLING_BYTES)
      .map((p) => fs.readFileSync(p, 'utf8'));
  } catch {
    return [];
  }
}

export function ioName(io: Obj): string | undefined {
  return str(io.name);
}
