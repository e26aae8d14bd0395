/**
 * Ensembles that (through other ensembles) call themselves. A step naming the ensemble
 * itself is decided from the file; longer cycles follow the step models' config.pbtxt
 * in the same model repository.
 */
import { defineRule } from '../../../rules/rule';
import { configOf, isEnsemble, isTemplate, rangeAt, str, type Obj } from './model-config';
import { ensembleSteps } from './ensemble-steps';
import { plainModelName, repositoryOf, siblingConfig, type Repository } from './repository';

const MAX_DEPTH = 32;

/** A path of ensemble names from `from` back to `target`, or undefined. */
function cycleTo(repo: Repository, from: string, target: string, seen: Set<string>, depth: number): string[] | undefined {
  if (depth > MAX_DEPTH || seen.has(from)) return undefined;
  seen.add(from);
  const cfg = siblingConfig(repo, from);
  if (!cfg || !isEnsemble(cfg)) return undefined;
  for (const s of ensembleSteps(cfg) ?? []) {
    const m = s.modelName;
    if (!plainModelName(m)) continue;
    if (m === target) return [from, target];
    const rest = cycleTo(repo, m, target, seen, depth + 1);
    if (rest) return [from, ...rest];
  }
  return undefined;
}

function ownName(cfg: Obj, repo: Repository | undefined): string | undefined {
  const n = str(cfg.name);
  if (n && !isTemplate(n)) return n;
  return repo ? repo.modelDir.split(/[\\/]/).pop() : undefined;
}

export const ensembleCircularDependency = defineRule({
  id: 'triton/ensemble-circular-dependency',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Ensembles that depend on themselves',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_repository_manager/model_repository_manager.cc` (@73aad7c3, 2026-06-09); QA `autofill_noplatform/ensemble/circular_dependency`, `self_circular_dependency`'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg || !isEnsemble(cfg)) return;
    const repo = repositoryOf(ctx.analysis);
    const self = ownName(cfg, repo);
    if (!self) return;
    for (const s of ensembleSteps(cfg) ?? []) {
      const m = s.modelName;
      if (!plainModelName(m)) continue;
      const chain = m === self ? [] : repo ? cycleTo(repo, m, self, new Set([self]), 0) : undefined;
      if (!chain) continue;
      const path = [self, ...(chain.length ? chain : [self])];
      ctx.report({
        message: `Step ${s.index} calls "${m}", which leads back to this ensemble (${path.join(' -> ')}); Triton refuses to load it ("circular dependency between ensembles: ${self} -> ... -> ${path[path.length - 2]} -> ${self}").`,
        range: rangeAt(ctx.analysis, [...s.path, 'model_name']),
      });
    }
  },
});
