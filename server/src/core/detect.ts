/**
 * Which framework a document belongs to: settings globs > modeline > file name > content.
 * A generic name like `config.yaml` is claimed only when the content is clearly one
 * format; lookalikes (custom launcher YAML, Kubernetes manifests named `vllm.yaml`)
 * are left alone, because a flood of schema errors on a file we misread is worse
 * than silence.
 */
import picomatch from 'picomatch';
import type { Detection, FormatId, SchemaId, Settings, SourceNode, SourceTree } from './types';
import type { Modeline } from './modeline';
import { isNearVllmKey, isVllmKey } from './engineArgs/keys';

export interface DetectInput {
  uri: string;
  /** Path relative to the workspace folder, when known; globs match against it. */
  relativePath?: string;
  tree: SourceTree;
  modeline?: Modeline;
  settings: Settings;
  /** Format chosen by the user from the status bar for this document. */
  override?: FormatId | null;
  /**
   * The previous detection of this document in the editor. A content detection is
   * kept while the user types (a half-written key can make the file look like
   * nothing for a moment), so diagnostics don't flicker away.
   */
  previous?: Detection;
}

export function detect(input: DetectInput): Detection {
  const { tree, modeline, settings } = input;
  const name = baseName(input.uri);
  const root = firstRoot(tree);
  if (input.override) return withSchema(input.override, root, name, 'setting', 'chosen in the status bar');
  for (const [glob, fmt] of Object.entries(settings.files ?? {})) {
    const target = input.relativePath ?? decodeURIComponent(stripScheme(input.uri));
    if (picomatch.isMatch(target, glob, { dot: true, matchBase: !glob.includes('/') })) {
      return withSchema(fmt, root, name, 'setting', `servescope.files: "${glob}"`);
    }
  }
  if (modeline?.off) return none('turned off by the servescope comment');
  if (modeline?.format) return withSchema(modeline.format, root, name, 'modeline', '# servescope: comment');
  const byName = fromFileName(name);
  if (byName) return { ...byName, reason: 'filename', detail: `file name ${name}` };
  if (tree.language === 'pbtxt') return { format: 'triton', schema: 'triton', reason: 'filename', detail: 'protobuf text file' };
  const found = fromContent(tree, root, name);
  const prev = input.previous;
  if (!found.format && prev?.format && prev.reason === 'content' && tree.errors.length > 0) return { ...prev, detail: `${prev.detail} (kept while the file has syntax errors)` };
  return found;
}

function fromFileName(name: string): Omit<Detection, 'reason' | 'detail'> | undefined {
  const n = name.toLowerCase();
  if (n === 'config.pbtxt' || n.endsWith('.pbtxt')) return { format: 'triton', schema: 'triton' };
  if (/^bentofile(\.[\w-]+)*\.ya?ml$/.test(n) || /^bentofile-[\w.-]+\.ya?ml$/.test(n)) return { format: 'bentoml', schema: 'bentofile' };
  if (/^bentoml[_-]configuration(\.[\w-]+)?\.ya?ml$/.test(n)) return { format: 'bentoml', schema: 'bentoml-config' };
  return undefined;
}

function withSchema(format: FormatId, root: SourceNode | null, name: string, reason: Detection['reason'], detail: string): Detection {
  return { format, schema: schemaFor(format, root, name), reason, detail };
}

/** Within a format, which schema: Ray Serve vs a standalone LLMConfig; bentofile vs runtime config. */
export function schemaFor(format: FormatId, root: SourceNode | null, name: string): SchemaId {
  const keys = topKeys(root);
  switch (format) {
    case 'vllm':
      return 'vllm';
    case 'triton':
      return 'triton';
    case 'rayserve':
      if (keys.has('model_loading_config') || (keys.has('llm_engine') && !keys.has('applications'))) return 'rayserve-llm';
      if (keys.has('engine_config') && !keys.has('applications')) return 'rayllm-legacy';
      return 'rayserve';
    case 'bentoml': {
      const byName = fromFileName(name);
      if (byName) return byName.schema!;
      if (keys.has('service') || keys.has('include') || keys.has('docker') || keys.has('python') || keys.has('conda')) return 'bentofile';
      return 'bentoml-config';
    }
  }
}

function fromContent(tree: SourceTree, root: SourceNode | null, name: string): Detection {
  if (tree.roots.length > 1 && tree.roots.some((r) => topKeys(r).has('kind') && topKeys(r).has('apiVersion'))) {
    return none('looks like a Kubernetes manifest');
  }
  if (!root || root.kind !== 'map') return none('no top-level mapping');
  const keys = topKeys(root);
  if (keys.has('apiVersion') && keys.has('kind')) return none('looks like a Kubernetes manifest');

  // Ray Serve: a list of applications with import paths, or the legacy single-app form.
  if (keys.has('applications') && seqOfMapsWith(root, 'applications', 'import_path')) return content('rayserve', 'rayserve', 'applications with import_path');
  if (keys.has('import_path') && (keys.has('deployments') || keys.has('runtime_env') || keys.has('route_prefix') || keys.has('args')))
    return content('rayserve', 'rayserve', 'single-application Serve config');
  // `name` alone is too common a key: only with an import path written like Serve's
  // (module:attr, or a dotted module.attr as in Ray's own single_config_with_name.yaml).
  const importPath = scalarAt(root, 'import_path');
  if (keys.has('name') && typeof importPath === 'string' && /^[A-Za-z_]\w*(?:(?:\.[A-Za-z_]\w*)*:[A-Za-z_][\w.]*|(?:\.[A-Za-z_]\w*)+)$/.test(importPath))
    return content('rayserve', 'rayserve', 'single-application Serve config (name + import_path)');
  if (keys.has('model_loading_config')) return content('rayserve', 'rayserve-llm', 'Ray Serve LLMConfig (model_loading_config)');
  if (keys.has('engine_config') && keys.has('deployment_config')) return content('rayserve', 'rayllm-legacy', 'RayLLM model config (engine_config)');

  // BentoML
  const service = scalarAt(root, 'service');
  if (typeof service === 'string' && /[:.]/.test(service) && (keys.has('include') || keys.has('python') || keys.has('docker') || keys.has('labels') || keys.has('models') || keys.has('envs')))
    return content('bentoml', 'bentofile', 'bentofile keys (service, include, python, docker)');
  if (keys.has('api_server') || (keys.has('runners') && (keys.has('version') || keys.has('tracing') || keys.has('monitoring'))))
    return content('bentoml', 'bentoml-config', 'BentoML configuration keys (api_server, runners)');

  // vLLM: most top-level keys must be vLLM arguments, and `model` (if present) a string.
  const modelNode = valueAt(root, 'model');
  if (modelNode && modelNode.kind !== 'scalar') return none('"model" is a mapping: not a vllm serve --config file');
  const all = [...keys];
  const known = all.filter((k) => isVllmKey(k));
  // Keys one typo away from an argument (or a prefix being typed) still vote for vLLM,
  // so a file with a mistake in it is not dropped; lookalikes have none of either.
  const near = all.filter((k) => !isVllmKey(k) && isNearVllmKey(k));
  if (known.length >= 2 && (known.length + near.length) / all.length >= 0.7)
    return content('vllm', 'vllm', `${known.length} of ${all.length} keys are vLLM arguments`);
  if (known.length >= 1 && all.length === known.length && /vllm/i.test(name)) return content('vllm', 'vllm', 'vLLM arguments in a file named for vLLM');
  return none('content matches no supported format');
}

function content(format: FormatId, schema: SchemaId, detail: string): Detection {
  return { format, schema, reason: 'content', detail };
}

function none(detail: string): Detection {
  return { format: null, schema: null, reason: 'none', detail };
}

export function firstRoot(tree: SourceTree): SourceNode | null {
  for (const r of tree.roots) if (r) return r;
  return null;
}

export function topKeys(root: SourceNode | null): Set<string> {
  const out = new Set<string>();
  if (root?.kind === 'map') for (const p of root.pairs) out.add(String(p.key.value));
  return out;
}

function valueAt(root: SourceNode, key: string): SourceNode | null | undefined {
  if (root.kind !== 'map') return undefined;
  return root.pairs.find((p) => p.key.value === key)?.value;
}

function scalarAt(root: SourceNode, key: string): unknown {
  const v = valueAt(root, key);
  return v?.kind === 'scalar' ? v.value : undefined;
}

function seqOfMapsWith(root: SourceNode, key: string, inner: string): boolean {
  const v = valueAt(root, key);
  if (!v || v.kind !== 'seq') return false;
  if (!v.items.length) return true;
  return v.items.some((it) => it.kind === 'map' && it.pairs.some((p) => p.key.value === inner || p.key.value === 'name'));
}

export function baseName(uri: string): string {
  const clean = stripScheme(uri).split(/[?#]/)[0];
  const i = Math.max(clean.lastIndexOf('/'), clean.lastIndexOf('\\'));
  return decodeURIComponent(clean.slice(i + 1));
}

function stripScheme(uri: string): string {
  return uri.replace(/^file:\/\//, '');
}

/** YAML larger than this is screened by its top-level keys before it is parsed. */
export const PRESCREEN_BYTES = 256 * 1024;

/** Top-level keys any content rule in fromContent() needs at least one of (vLLM keys aside). */
const CLAIM_KEYS = new Set(['applications', 'import_path', 'model_loading_config', 'engine_config', 'service', 'api_server', 'runners']);

/**
 * Could content detection claim this YAML? Decided from the keys written at column 0,
 * without parsing: `yaml` needs ~1.5 µs per character, so a 2 MB OpenAPI spec or Helm
 * values file would hold the server for seconds only to be found not to be a serving
 * config. Errs toward "maybe" (then the file is parsed as usual): any key a content
 * rule looks for, or any vLLM argument, is enough.
 */
export function mayBeServingConfig(text: string): boolean {
  const key = /^(?:"([^"\n]*)"|'([^'\n]*)'|([A-Za-z_][\w.-]*))[ \t]*:(?:[ \t]|$)/gm;
  for (let m = key.exec(text); m; m = key.exec(text)) {
    const k = m[1] ?? m[2] ?? m[3];
    if (CLAIM_KEYS.has(k) || isVllmKey(k)) return true;
  }
  // A root flow mapping (`{model: …}`) hides its keys from this scan: parse it.
  return /^(?:--- *)?\{/m.test(text);
}

