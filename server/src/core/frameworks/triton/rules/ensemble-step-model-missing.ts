/**
 * Ensemble steps naming a model the repository doesn't have. Reads the file system
 * next to the config: only when the config sits in `<repository>/<model>/` and that
 * directory evidently is the steps' model repository (another step's model directory
 * sits beside it). Triton can serve several repositories at once and test suites
 * assemble them at run time, so without that evidence it stays silent.
 */
import * as path from 'node:path';
import { defineRule } from '../../../rules/rule';
import { configOf, isEnsemble, modelName, rangeAt } from './model-config';
import { ensembleSteps } from './ensemble-steps';
import { isDir, plainModelName, repositoryOf } from './repository';

export const ensembleStepModelMissing = defineRule({
  id: 'triton/ensemble-step-model-missing',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Ensemble step model not in the model repository',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_repository_manager/model_repository_manager.cc` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg || !isEnsemble(cfg)) return;
    const where = repositoryOf(ctx.analysis);
    if (!where) return;
    const steps = (ensembleSteps(cfg) ?? []).filter((s) => plainModelName(s.modelName));
    const present = (m: string) => isDir(where, path.join(where.dir, m));
    const found = steps.filter((s) => present(s.modelName!));
    if (found.length === 0) return;
    const reported = new Set<string>();
    for (const s of steps) {
      const m = s.modelName!;
      if (present(m) || reported.has(m)) continue;
      reported.add(m);
      ctx.report({
        message: `No model directory "${m}" next to this one in ${where.dir}; Triton fails to load the ensemble ("ensemble ${modelName(cfg)} contains models that are not available or ambiguous: ${m}"). Add the model to the repository or fix model_name (ignore this if the model lives in another --model-repository).`,
        range: rangeAt(ctx.analysis, [...s.path, 'model_name']),
      });
    }
  },
});
