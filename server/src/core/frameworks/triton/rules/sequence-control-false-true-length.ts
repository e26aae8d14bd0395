/** A *_false_true list must hold exactly the false value and the true value. */
import type { Rule } from '../../../rules/rule';
import { configOf, list, modelName, rangeAt } from './model-config';
import { BOOLEAN_KINDS, controlTensors, falseTrueFields } from './sequence-controls';

export const sequenceControlFalseTrueLength: Rule = {
  id: 'triton/sequence-control-false-true-length',
  appliesTo: { formats: ['triton'] },
  defaultSeverity: 'error',
  title: 'int32/fp32/bool_false_true without exactly 2 entries',
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    for (const t of controlTensors(cfg)) {
      for (const c of t.controls) {
        const fields = falseTrueFields(c.control);
        // Triton reads only the first non-empty list (int32, then fp32, then bool).
        if (!c.kind || !BOOLEAN_KINDS.includes(c.kind) || fields.length !== 1) continue;
        const n = list(c.control[fields[0]]).length;
        if (n === 2) continue;
        ctx.report({
          message: `${fields[0]} has ${n} entries; Triton rejects the config ("sequence batching control '${fields[0]}' must have exactly 2 entries for ${c.kind} for ${modelName(cfg)}"). Give the false value, then the true value, e.g. [ 0, 1 ].`,
          range: rangeAt(ctx.analysis, [...c.path, fields[0]]),
        });
      }
    }
  },
};
