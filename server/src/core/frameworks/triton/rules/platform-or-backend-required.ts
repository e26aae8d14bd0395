/**
 * Neither platform, backend nor default_model_filename, and nothing to infer them from:
 * Triton looks at the model files in the version directory (model.onnx, model.plan,
 * model.py, ...) and at a `model.<backend>` directory name. Only decided for a config
 * on disk that evidently sits in its model directory (it is config.pbtxt, or its `name`
 * is the directory's name, as Triton requires) when that directory has no subdirectory
 * and a name without a dot. Loose example files elsewhere are left alone. A warning,
 * not an error: model files are often added at deploy time (downloaded, git-ignored),
 * and then Triton infers the backend from them.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NO_HOST, type Host } from '../../../host';
import { defineRule } from '../../../rules/rule';
import { configOf, isTemplate, keyRangeAt, str } from './model-config';

function modelDirWithoutVersions(uri: string, name: string | undefined, host: Host): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    const file = fileURLToPath(uri);
    const dir = path.dirname(file);
    if (path.basename(file) !== 'config.pbtxt' && name !== path.basename(dir)) return undefined;
    const entries = host.listDir(dir);
    return !entries || entries.some((e) => e.kind === 'dir') ? undefined : dir;
  } catch {
    return undefined;
  }
}

export const platformOrBackendRequired = defineRule({
  id: 'triton/platform-or-backend-required',
  appliesTo: { formats: ['triton'] },
  severity: 'warning',
  title: 'No platform or backend, and none can be inferred',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `AutoCompleteBackendFields`, `ValidateModelConfig` (@73aad7c3, 2026-06-09); QA `autofill_noplatform/common/no_version`, `custom/no_delimiter`'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    const given = [cfg.platform, cfg.backend, cfg.default_model_filename];
    if (given.some((x) => x !== undefined && (str(x) !== '' || isTemplate(x)))) return;
    const dir = modelDirWithoutVersions(ctx.analysis.uri, str(cfg.name), ctx.analysis.host ?? NO_HOST);
    if (!dir) return;
    const model = path.basename(dir);
    if (model.includes('.')) return;
    const root = ctx.analysis.root;
    const first = root?.kind === 'map' ? root.pairs[0] : undefined;
    ctx.report({
      message: `Neither platform nor backend is set, and there is no version directory with a model file to infer them from; Triton fails ("Invalid model name: Could not determine backend for model '${model}' with no backend in model configuration. Expected model name of the form 'model.<backend_name>'."). Add e.g. backend: "onnxruntime" or platform: "tensorrt_plan" unless the model files arrive at deploy time.`,
      range: first ? first.key.range : keyRangeAt(ctx.analysis, []),
    });
  },
});
