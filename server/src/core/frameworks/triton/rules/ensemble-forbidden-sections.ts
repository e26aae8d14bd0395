/** instance_group, optimization and model_warmup do not apply to ensembles. */
import type { Rule } from '../../../rules/rule';
import { deletePair } from '../../../editing/edits';
import { configOf, isEnsemble, list, modelName } from './model-config';

const TEXT: Record<string, (n: string) => string> = {
  instance_group: (n) => `instance group should not be specified for ensemble '${n}'`,
  optimization: (n) => `optimization should not be specified for ensemble '${n}'`,
  model_warmup: (n) => `model_warmup can not be specified for ensemble '${n}'`,
};

export const ensembleForbiddenSections: Rule = {
  id: 'triton/ensemble-forbidden-sections',
  appliesTo: { formats: ['triton'] },
  defaultSeverity: 'error',
  title: 'instance_group, optimization or model_warmup on an ensemble',
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    const root = ctx.analysis.root;
    if (!cfg || !isEnsemble(cfg) || root?.kind !== 'map') return;
    for (const pair of root.pairs) {
      const key = String(pair.key.value);
      const text = TEXT[key];
      if (!text) continue;
      // Empty repeated sections (`instance_group [ ]`) are no sections for Triton.
      if (key !== 'optimization' && list(cfg[key]).length === 0) continue;
      if (pair.value?.kind === 'seq' && pair.value.items.length === 0) continue;
      ctx.report({
        message: `An ensemble's steps run on their own models' instances; Triton rejects the config ("${text(modelName(cfg))}"). Remove ${key}.`,
        range: pair.key.range,
        data: { start: pair.range.start, end: pair.range.end, key },
      });
    }
  },
  fix(finding, a) {
    const { start, end, key } = finding.data ?? {};
    if (typeof start !== 'number' || typeof end !== 'number') return [];
    return [{ title: `Remove ${String(key)}`, edits: [deletePair(a.text, { start, end })], preferred: true }];
  },
};
