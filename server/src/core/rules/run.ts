/**
 * Runs every rule that applies to the document. A rule that throws becomes one
 * internal-error finding naming it, and the other rules still report.
 */
import type { Analysis } from '../analysis';
import type { Finding } from '../types';
import { ALL_RULES } from './index';
import type { Rule, RuleContext } from './rule';

export function rulesFor(a: Pick<Analysis, 'detection'>): Rule[] {
  const { format, schema } = a.detection;
  return ALL_RULES.filter(
    (r) => (!r.appliesTo.formats || (format && r.appliesTo.formats.includes(format))) && (!r.appliesTo.schemas || (schema && r.appliesTo.schemas.includes(schema))),
  );
}

export function runRules(a: Omit<Analysis, 'findings'>, rules: Rule[] = rulesFor(a)): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) {
    const ctx: RuleContext = {
      analysis: a,
      report: (r) =>
        out.push({
          code: rule.id,
          severity: r.severity ?? rule.defaultSeverity,
          message: r.message,
          range: r.range,
          ...(r.data ? { data: r.data } : {}),
          ...(r.related ? { related: r.related } : {}),
          ...(r.tags ? { tags: r.tags } : {}),
        }),
    };
    try {
      rule.check(ctx);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      out.push({
        code: 'servescope/internal-error',
        severity: 'warning',
        message: `Rule ${rule.id} failed on this file (${msg}); other rules still ran. Please report this.`,
        range: { start: a.root?.range.start ?? 0, end: a.root?.range.start ?? 0 },
        data: { rule: rule.id },
      });
    }
  }
  return out;
}

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.id === id);
}
