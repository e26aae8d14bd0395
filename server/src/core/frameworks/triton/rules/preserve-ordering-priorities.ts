/** preserve_ordering cannot be combined with more than one priority level. */
import { defineRule } from '../../../rules/rule';
import { configOf, fmt, int, isObj, keyRangeAt, modelName, truthy } from './model-config';

export const preserveOrderingPriorities = defineRule({
  id: 'triton/preserve-ordering-priorities',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'preserve_ordering with more than one priority level',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateModelConfig` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    const db = cfg?.dynamic_batching;
    if (!cfg || !isObj(db) || !truthy(db.preserve_ordering)) return;
    const levels = int(db.priority_levels);
    if (levels === undefined || levels <= 1) return;
    ctx.report({
      message: `preserve_ordering is true with ${fmt(levels)} priority levels; Triton rejects the config ("Only one priority level is allowed when 'preserve_ordering' is true for ${modelName(cfg)}"). Drop preserve_ordering or the priority levels.`,
      range: keyRangeAt(ctx.analysis, ['dynamic_batching', 'priority_levels']),
      related: [{ range: keyRangeAt(ctx.analysis, ['dynamic_batching', 'preserve_ordering']), message: 'preserve_ordering set here' }],
    });
  },
});
