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

/** Findings one rule may report in one file; more is noise that slows the editor. */
export const MAX_FINDINGS_PER_RULE = 200;

/**
 * Runs the rules in order. With a `deadline` (performance.now() time), rules that
 * would start after it are skipped and named in one `servescope/limit` finding, so a
 * pathological file shows a message instead of freezing the editor.
 */
export function runRules(a: Omit<Analysis, 'findings'>, rules: Rule[] = rulesFor(a), deadline = Infinity): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    if (performance.now() > deadline) {
      const skipped = rules.slice(i).map((r) => r.id);
      out.push({
        code: 'servescope/limit',
        severity: 'warning',
        message: `Analysis stopped at the time budget (servescope.limits.timeBudgetMs); ${skipped.length} rule(s) did not run: ${skipped.slice(0, 8).join(', ')}${skipped.length > 8 ? ', …' : ''}.`,
        range: { start: a.root?.range.start ?? 0, end: a.root?.range.start ?? 0 },
        data: { skipped },
      });
      break;
    }
    let count = 0;
    const ctx: RuleContext = {
      analysis: a,
      report: (r) =>
        ++count > MAX_FINDINGS_PER_RULE
          ? count === MAX_FINDINGS_PER_RULE + 1 &&
            out.push({
              code: 'servescope/limit',
              severity: 'information',
              message: `${rule.id} has more than ${MAX_FINDINGS_PER_RULE} findings in this file; the rest are not shown.`,
              range: r.range,
            })
          : out.push({
          code: rule.id,
          severity: r.severity ?? rule.severity,
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
