/**
 * A step asking for a specific model_version that the step model will not load: the
 * version directory is missing, or the model's version_policy (default: latest 1)
 * leaves it out. Only judged when the step model's directory has version directories
 * at all; repositories often receive model files at deploy time.
 */
import * as path from 'node:path';
import { defineRule } from '../../../rules/rule';
import { configOf, int, isEnsemble, isObj, list, modelName, rangeAt, type Obj } from './model-config';
import { ensembleSteps } from './ensemble-steps';
import { repositoryOf, siblingConfig, versionDirs } from './repository';

/** The versions Triton loads under the model's version_policy; undefined when unreadable. */
function loaded(available: number[], cfg: Obj): number[] | undefined {
  const policy = cfg.version_policy;
  if (policy === undefined) return available.slice(0, 1);
  if (!isObj(policy)) return undefined;
  if (isObj(policy.all)) return available;
  if (isObj(policy.specific)) {
    const wanted = list(policy.specific.versions).map(int);
    return wanted.every((v) => v !== undefined) ? available.filter((v) => wanted.includes(v)) : undefined;
  }
  if (isObj(policy.latest)) {
    const n = policy.latest.num_versions === undefined ? 1 : int(policy.latest.num_versions);
    return n === undefined ? undefined : available.slice(0, n);
  }
  return undefined;
}

export const ensembleRequiredVersionMissing = defineRule({
  id: 'triton/ensemble-required-version-missing',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Ensemble step requires a model version that is not loaded',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_repository_manager/model_repository_manager.cc` (@73aad7c3, 2026-06-09); QA `autofill_noplatform/ensemble/no_required_version*`'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    const repo = repositoryOf(ctx.analysis);
    if (!cfg || !isEnsemble(cfg) || !repo) return;
    for (const s of ensembleSteps(cfg) ?? []) {
      const v = int(s.step.model_version);
      const m = s.modelName;
      if (v === undefined || v < 1 || !m) continue;
      const sc = siblingConfig(repo, m);
      const available = sc ? versionDirs(repo.host, path.join(repo.dir, m)).map(Number) : [];
      if (!sc || available.length === 0) continue;
      const versions = loaded(available, sc);
      if (!versions || versions.includes(v)) continue;
      const why = available.includes(v)
        ? `its version_policy loads ${versions.length ? `only version${versions.length > 1 ? 's' : ''} ${versions.join(', ')}` : 'none of them'}`
        : `it has no version directory ${v} (it has ${available.join(', ')})`;
      ctx.report({
        message: `Step ${s.index} requires version ${v} of "${m}", but ${why}; Triton fails to load the ensemble ("ensemble '${modelName(cfg)}' depends on '${m}' whose required version ${v} is not loaded."). Use model_version: -1 for the latest, or load that version.`,
        range: rangeAt(ctx.analysis, [...s.path, 'model_version']),
      });
    }
  },
});
