/** `runtime` names a library inside the backend's directory; `..` segments that leave it are refused. */
import * as path from 'node:path';
import { defineRule } from '../../../rules/rule';
import { replaceScalar } from '../../../editing/edits';
import { configOf, isTemplate, modelName, nodeAt, rangeAt, str } from './model-config';

export const runtimeEscapesBackendDir = defineRule({
  id: 'triton/runtime-escapes-backend-dir',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'runtime path that leaves the backend directory',
  fix: 'unsafe',
  sources: ['triton-inference-server/core `src/backend_model.cc` (@73aad7c3, 2026-06-09); QA `special_cases/runtime_escape`'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    const runtime = str(cfg?.runtime);
    if (!cfg || !runtime || isTemplate(runtime)) return;
    const norm = path.posix.normalize(runtime.replace(/\\/g, '/'));
    if (norm !== '..' && !norm.startsWith('../')) return;
    ctx.report({
      message: `runtime "${runtime}" points outside the backend's directory; Triton refuses to load it ("backend library name '${runtime}' escapes backend directory ..., for model '${modelName(cfg)}', check model config runtime field"). Name a library inside the backend directory.`,
      range: rangeAt(ctx.analysis, ['runtime']),
      data: { name: path.posix.basename(norm) },
    });
  },
  fixes(finding, a) {
    const name = finding.data?.name;
    const node = nodeAt(a, ['runtime']).node;
    return typeof name === 'string' && name && node ? [{ title: `Use "${name}" from the backend directory`, edits: [replaceScalar(a.text, node, name)] }] : [];
  },
});
