/** With priority_levels set, default_priority_level must be in [1, priority_levels]. */
import { defineRule } from '../../../rules/rule';
import { replaceScalar } from '../../../editing/edits';
import { configOf, fmt, insertField, int, isObj, keyRangeAt, modelName, nodeAt, rangeAt } from './model-config';

export const defaultPriorityLevelRange = defineRule({
  id: 'triton/default-priority-level-range',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'default_priority_level outside [1, priority_levels]',
  fix: 'unsafe',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateModelConfig` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    const db = cfg?.dynamic_batching;
    if (!cfg || !isObj(db)) return;
    const levels = int(db.priority_levels);
    if (!levels) return;
    const given = db.default_priority_level !== undefined;
    const def = given ? int(db.default_priority_level) : 0;
    if (def === undefined || (def >= 1 && def <= levels)) return;
    ctx.report({
      message: `${given ? `default_priority_level is ${fmt(def)}` : 'default_priority_level is not set (0)'} but must be between 1 and priority_levels ${fmt(levels)}; Triton rejects the config ("default priority level must be in range [1, ${levels}] for ${modelName(cfg)}").`,
      range: given ? rangeAt(ctx.analysis, ['dynamic_batching', 'default_priority_level']) : keyRangeAt(ctx.analysis, ['dynamic_batching', 'priority_levels']),
      data: { given },
    });
  },
  fixes(finding, a) {
    if (finding.data?.given) {
      const node = nodeAt(a, ['dynamic_batching', 'default_priority_level']).node;
      return node ? [{ title: 'Set default_priority_level to 1', edits: [replaceScalar(a.text, node, 1)] }] : [];
    }
    const db = nodeAt(a, ['dynamic_batching']).node;
    if (db?.kind !== 'map') return [];
    return [{ title: 'Add default_priority_level: 1', edits: [insertField(a.text, db, 'default_priority_level: 1')] }];
  },
});
