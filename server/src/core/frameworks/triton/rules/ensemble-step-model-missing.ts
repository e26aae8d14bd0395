/**
 * Ensemble steps naming a model the repository doesn't have. Reads the file system
 * next to the config: only when the config sits in `<repository>/<model>/` and that
 * directory evidently is the steps' model repository (another step's model directory
 * sits beside it). Triton can serve several repositories at once and test suites
 * assemble them at run time, so without that evidence it stays silent.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Rule } from '../../../rules/rule';
import { configOf, isEnsemble, isTemplate, modelName, rangeAt } from './model-config';
import { ensembleSteps } from './ensemble-steps';

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The directory holding the config's model directory, when the document is a file. */
function repositoryOf(uri: string): { repo: string; modelDir: string } | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    const modelDir = path.dirname(fileURLToPath(uri));
    return { repo: path.dirname(modelDir), modelDir };
  } catch {
    return undefined;
  }
}


export const ensembleStepModelMissing: Rule = {
  id: 'triton/ensemble-step-model-missing',
  appliesTo: { formats: ['triton'] },
  defaultSeverity: 'error',
  title: 'Ensemble step model not in the model repository',
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg || !isEnsemble(cfg)) return;
    const where = repositoryOf(ctx.analysis.uri);
    if (!where) return;
    const steps = (ensembleSteps(cfg) ?? []).filter((s) => s.modelName && !isTemplate(s.modelName) && !s.modelName.includes('/'));
    const present = (m: string) => isDir(path.join(where.repo, m));
    const found = steps.filter((s) => present(s.modelName!));
    if (found.length === 0) return;
    const reported = new Set<string>();
    for (const s of steps) {
      const m = s.modelName!;
      if (present(m) || reported.has(m)) continue;
      reported.add(m);
      ctx.report({
        message: `No model directory "${m}" next to this one in ${where.repo}; Triton fails to load the ensemble ("ensemble ${modelName(cfg)} contains models that are not available or ambiguous: ${m}"). Add the model to the repository or fix model_name (ignore this if the model lives in another --model-repository).`,
        range: rangeAt(ctx.analysis, [...s.path, 'model_name']),
      });
    }
  },
};
