/**
 * The model repository around a config on disk: sibling model directories and their
 * config.pbtxt, read once per check. Used by the ensemble rules that need the step
 * models' own configs. Everything here answers "don't know" rather than guess: no
 * file URI, no sibling, an unparsable or oversized sibling, or IO that the sibling's
 * backend may still auto-complete.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Analysis } from '../../../analysis';
import { NO_HOST, type Host } from '../../../host';
import { parsePbtxt } from '../../../parse/pbtxt';
import { DEFAULT_SETTINGS, type Finding } from '../../../types';
import { tritonAdapter } from '../index';
import { isObj, list, resolvePlatform, str, type Obj } from './model-config';

const MAX_SIBLING_BYTES = 1024 * 1024;

/** Parsed sibling configs by path, valid while the text is the same (several rules read the same ones on every keystroke). */
const cache = new Map<string, { text: string; cfg: Obj | undefined }>();
const CACHE_LIMIT = 256;

export interface Repository {
  dir: string;
  modelDir: string;
  /** Where the repository is read from: the analysis's host. */
  host: Host;
}

/** The repository around the analysed document, when it is a file. */
export function repositoryOf(a: Pick<Analysis, 'uri' | 'host'>): Repository | undefined {
  if (!a.uri.startsWith('file:')) return undefined;
  try {
    const modelDir = path.dirname(fileURLToPath(a.uri));
    return { dir: path.dirname(modelDir), modelDir, host: a.host ?? NO_HOST };
  } catch {
    return undefined;
  }
}

export function isDir(repo: Repository, p: string): boolean {
  return repo.host.stat(p)?.isDir === true;
}

/** The numbered version directories of a model directory, newest first. */
export function versionDirs(host: Host, modelDir: string): string[] {
  return (host.listDir(modelDir) ?? [])
    .filter((e) => e.kind === 'dir' && /^\d+$/.test(e.name))
    .map((e) => e.name)
    .sort((a, b) => Number(b) - Number(a));
}

/** A usable step model name: no path tricks, no placeholder. */
export function plainModelName(m: string | undefined): m is string {
  return !!m && !m.includes('${') && !/[\\/]/.test(m) && m !== '.' && m !== '..';
}

/** The sibling model's config.pbtxt as a plain object, when it exists and parses cleanly. */
export function siblingConfig(repo: Repository, model: string): Obj | undefined {
  if (!plainModelName(model)) return undefined;
  const file = path.join(repo.dir, model, 'config.pbtxt');
  const text = repo.host.readFile(file, MAX_SIBLING_BYTES);
  if (text === undefined) return undefined;
  const hit = cache.get(file);
  if (hit && hit.text === text) return hit.cfg;
  const cfg = parseConfig(text);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(file, { text, cfg });
  return cfg;
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
    const scripts = pythonScripts(repo, path.join(repo.dir, model));
    if (scripts.length === 0 || scripts.some((s) => s.includes('auto_complete_config'))) return undefined;
  }
  return ios;
}

function pythonScripts(repo: Repository, modelDir: string): string[] {
  return versionDirs(repo.host, modelDir)
    .map((v) => repo.host.readFile(path.join(modelDir, v, 'model.py'), MAX_SIBLING_BYTES))
    .filter((t): t is string => t !== undefined);
}

export function ioName(io: Obj): string | undefined {
  return str(io.name);
}
