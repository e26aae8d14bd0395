/**
 * A model's `name` must equal its directory's name. Checked only for files named
 * config.pbtxt (the one file Triton reads from a model directory) whose directory exists.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NO_HOST, type Host } from '../../../host';
import { defineRule } from '../../../rules/rule';
import { replaceScalar } from '../../../editing/edits';
import { configOf, isTemplate, nodeAt, rangeAt, str } from './model-config';

function modelDirName(uri: string, host: Host): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    const file = fileURLToPath(uri);
    // A document that is not (yet) on disk has no directory Triton would see.
    if (path.basename(file) !== 'config.pbtxt' || !host.stat(path.dirname(file))) return undefined;
    return path.basename(path.dirname(file));
  } catch {
    return undefined;
  }
}

export const nameDirectoryMismatch = defineRule({
  id: 'triton/name-directory-mismatch',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Model name differs from its directory name',
  fix: 'unsafe',
  sources: ['triton-inference-server/core `src/model_repository_manager/model_repository_manager.cc` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    const name = str(cfg?.name);
    const dir = modelDirName(ctx.analysis.uri, ctx.analysis.host ?? NO_HOST);
    if (!cfg || !name || isTemplate(name) || !dir || name === dir) return;
    ctx.report({
      message: `name is "${name}" but the model directory is "${dir}"; Triton refuses to load it ("unexpected directory name '${dir}' for model '${name}', directory name must equal model name"). Rename one to match (or drop name: Triton then takes the directory name).`,
      range: rangeAt(ctx.analysis, ['name']),
      data: { dir },
    });
  },
  fixes(finding, a) {
    const dir = finding.data?.dir;
    const node = nodeAt(a, ['name']).node;
    return typeof dir === 'string' && node ? [{ title: `Set name to "${dir}"`, edits: [replaceScalar(a.text, node, dir)] }] : [];
  },
});
