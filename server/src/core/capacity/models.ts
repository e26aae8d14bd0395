/**
 * Model resolution: catalog → local model directory or local Hugging Face cache →
 * (opt-in) a config already fetched from the Hub. Synchronous on purpose: hovers and
 * rules call it on the hot path; the one network call is `fetchHubConfig` in server/src/hubClient.ts (outside the core),
 * which callers await elsewhere.
 */
import { findInCatalog } from './modelCatalog';
import { archFromHfConfig, type Json } from './hfConfig';
import { hubAnswer } from './hubAnswers';
import type { ModelResolution } from './types';

/** A config.json found on the machine, or why a path that names a local model has none. */
export type ModelConfigAnswer = { config: Json; origin: 'local' | 'hf-cache' } | { unreadable: string };

/**
 * Where a model's config.json can come from besides the catalog and the Hub: a local
 * model directory or the local Hugging Face cache. Those are the machine's files, not
 * the document's, so the core does not read them itself: the language server and the
 * CLI install the disk's (`server/src/modelFiles.ts`) when they start. It is
 * process-wide rather than a `Host` method because the capacity model is called from
 * hovers, rules, the planner and the advisor, most of them without an analysis.
 */
export interface ModelFiles {
  /** The config of `idOrPath` (relative paths against `baseDir`); undefined when the machine has none. */
  config(idOrPath: string, baseDir?: string): ModelConfigAnswer | undefined;
}

let installed: ModelFiles | undefined;

/** Called once by the server and the CLI; without it (tests, the browser) only the catalog and the Hub answer. */
export function installModelFiles(files: ModelFiles | undefined): void {
  installed = files;
}

export interface ResolveModelOptions {
  /** Base directory for relative local paths (the config file's folder). */
  baseDir?: string;
  /** Use configs previously fetched from the Hub by `fetchHubConfig`. */
  allowHubFetch?: boolean;
  /** The machine's model files for this call, instead of the installed ones (tests). */
  files?: ModelFiles;
  /** Ignore the machine's model files even when installed. */
  noFilesystem?: boolean;
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

  const found = opts.noFilesystem ? undefined : (opts.files ?? installed)?.config(id, opts.baseDir);
  if (found) {
    if ('unreadable' in found) return { unknown: found.unreadable };
    const arch = archFromHfConfig(found.config, id);
    return typeof arch === 'string' ? { unknown: arch } : { arch, origin: found.origin };
  }

  if (opts.allowHubFetch) {
    // The Hub's own answer (gated, missing) says more than "not fetched".
    return hubAnswer(id) ?? { unknown: `${id} is not in the catalog or the local Hugging Face cache; its config.json has not been fetched from the Hub yet` };
  }
  return {
    unknown: `${id} is not in the model catalog, not a local path with config.json, and not in the local Hugging Face cache (download its config.json with "huggingface-cli download ${id} config.json", in the editor turn on servescope.models.allowHubFetch, or on the command line pass --hub to fetch it from the Hugging Face Hub)`,
  };
}
