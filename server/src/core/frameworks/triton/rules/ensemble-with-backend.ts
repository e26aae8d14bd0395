/** An ensemble has no backend of its own. */
import { defineRule } from '../../../rules/rule';
import { deletePair } from '../../../editing/edits';
import { configOf, isEnsemble, keyRangeAt, modelName, nodeAt, str } from './model-config';

export const ensembleWithBackend = defineRule({
  id: 'triton/ensemble-with-backend',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Ensemble with a backend',
  fix: 'safe',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateModelConfig` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg || !isEnsemble(cfg) || !str(cfg.backend)) return;
    ctx.report({
      message: `An ensemble runs other models and has no backend; Triton rejects the config ("Ensemble model '${modelName(cfg)}' must have platform type 'ensemble' and empty backend type"). Remove backend.`,
      range: keyRangeAt(ctx.analysis, ['backend']),
    });
  },
  fixes(_finding, a) {
    const root = a.root;
    if (root?.kind !== 'map') return [];
    const edits = root.pairs.filter((p) => p.key.value === 'backend').map((p) => deletePair(a.text, p.range));
    return edits.length && nodeAt(a, ['backend']).node ? [{ title: 'Remove backend', edits }] : [];
  },
});
