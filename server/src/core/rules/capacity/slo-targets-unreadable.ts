/**
 * The traffic or SLO the user stated can't be used: an SLO term that doesn't
 * parse, a rate that isn't a positive number, or one of the two missing.
 */
import { defineRule } from '../rule';
import { modelRange } from './sla';

export const sloTargetsUnreadable = defineRule({
  id: 'capacity/slo-targets-unreadable',
  appliesTo: {},
  severity: 'warning',
  title: 'The stated traffic or SLO cannot be read, so replicas are not judged against it',
  fix: 'none',
  sources: ['ServeScope\'s SLO syntax, the one llm-optimizer users write (`server/src/core/planner/slo.ts`)'],
  check(ctx) {
    const a = ctx.analysis;
    const first = a.estimates.find((e) => e.sla?.targets.problem);
    const targets = first?.sla?.targets;
    if (!first || !targets?.problem) return;
    // Reported once per file, where the targets were written: the comment, or the first deployment's model.
    const range = targets.origin === 'modeline' && a.modeline ? a.modeline.range : modelRange(first);
    ctx.report({ message: `${targets.problem}.`, range });
  },
});
