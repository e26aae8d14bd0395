/** instance_group, optimization and model_warmup do not apply to ensembles. */
import { own } from '../../../own';
import { defineRule } from '../../../rules/rule';
import { deletePair } from '../../../editing/edits';
import { configOf, isEnsemble, list, modelName } from './model-config';

const TEXT: Record<string, (n: string) => string> = {
  instance_group: (n) => `instance group should not be specified for ensemble '${n}'`,
  optimization: (n) => `optimization should not be specified for ensemble '${n}'`,
  model_warmup: (n) => `model_warmup can not be specified for ensemble '${n}'`,
};

export const ensembleForbiddenSections = defineRule({
  id: 'triton/ensemble-forbidden-sections',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'instance_group, optimization or model_warmup on an ensemble',
  fix: 'unsafe',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateEnsembleSchedulingConfig` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    const root = ctx.analysis.root;
    if (!cfg || !isEnsemble(cfg) || root?.kind !== 'map') return;
    root.pairs.forEach((pair, index) => {
      const key = String(pair.key.value);
      const text = own(TEXT, key);
      if (!text) return;
      // Empty repeated sections (`instance_group [ ]`) are no sections for Triton.
      if (key !== 'optimization' && list(cfg[key]).length === 0) return;
      if (pair.value?.kind === 'seq' && pair.value.items.length === 0) return;
      ctx.report({
        message: `An ensemble's steps run on their own models' instances; Triton rejects the config ("${text(modelName(cfg))}"). Remove ${key}.`,
        range: pair.key.range,
        data: { index, key },
      });
    });
  },
  fixes(finding, a) {
    const { index, key } = finding.data ?? {};
    const pair = a.root?.kind === 'map' && typeof index === 'number' ? a.root.pairs[index] : undefined;
    if (!pair || pair.key.value !== key) return [];
    return [{ title: `Remove ${String(key)}`, edits: [deletePair(a.text, pair.range)] }];
  },
});
