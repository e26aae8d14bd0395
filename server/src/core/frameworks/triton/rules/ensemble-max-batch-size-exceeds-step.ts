/** An ensemble cannot batch more than the step models it calls (non-batching steps excepted). */
import { defineRule } from '../../../rules/rule';
import { replaceScalar } from '../../../editing/edits';
import { configOf, fmt, int, isEnsemble, modelName, nodeAt, rangeAt } from './model-config';
import { ensembleSteps } from './ensemble-steps';
import { repositoryOf, siblingConfig } from './repository';

export const ensembleMaxBatchSizeExceedsStep = defineRule({
  id: 'triton/ensemble-max-batch-size-exceeds-step',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Ensemble max_batch_size above a step model\'s max_batch_size',
  fix: 'unsafe',
  sources: ['triton-inference-server/core `src/ensemble_scheduler/ensemble_utils.cc` `ValidateEnsembleConfig` / `ValidateTensorMapping` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    const repo = repositoryOf(ctx.analysis);
    const max = cfg ? int(cfg.max_batch_size) : undefined;
    if (!cfg || !isEnsemble(cfg) || !repo || !max) return;
    const limits: { model: string; max: number; path: (string | number)[] }[] = [];
    for (const s of ensembleSteps(cfg) ?? []) {
      const sc = s.modelName ? siblingConfig(repo, s.modelName) : undefined;
      // Absent means auto-complete may still set it; 0 means the step does not batch, which is allowed.
      const stepMax = sc ? int(sc.max_batch_size) : undefined;
      if (s.modelName && stepMax && stepMax < max) limits.push({ model: s.modelName, max: stepMax, path: [...s.path, 'model_name'] });
    }
    if (limits.length === 0) return;
    const low = limits.reduce((a, b) => (b.max < a.max ? b : a));
    ctx.report({
      message: `max_batch_size ${fmt(max)} is above what ${limits.map((l) => `"${l.model}" (${fmt(l.max)})`).join(', ')} accept${limits.length === 1 ? 's' : ''}; Triton fails to load the ensemble ("ensemble ${modelName(cfg)} allows maximum batch size ${max}, but it contains model ${low.model} which only allows maximum batch size to be ${low.max}"). Lower it to ${fmt(low.max)}.`,
      range: rangeAt(ctx.analysis, ['max_batch_size']),
      related: limits.map((l) => ({ range: rangeAt(ctx.analysis, l.path), message: `${l.model}: max_batch_size ${fmt(l.max)}` })),
      data: { max: low.max },
    });
  },
  fixes(finding, a) {
    const max = finding.data?.max;
    const node = nodeAt(a, ['max_batch_size']).node;
    return typeof max === 'number' && node ? [{ title: `Set max_batch_size to ${fmt(max)}`, edits: [replaceScalar(a.text, node, max)] }] : [];
  },
});
