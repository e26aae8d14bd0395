/**
 * The contract every rule file implements. A rule reads the analysis (tree, value,
 * plan, estimates), reports findings with the data its quick-fix needs, and may
 * offer fixes computed from that data alone (never from the message).
 */
import type { Analysis } from '../analysis';
import type { FormatId, Finding, OffsetRange, RelatedInfo, SchemaId, Severity, TextEditOffsets } from '../types';

export interface Report {
  message: string;
  range: OffsetRange;
  severity?: Severity;
  data?: Record<string, unknown>;
  related?: RelatedInfo[];
  tags?: Finding['tags'];
}

export interface RuleContext {
  /** The analysis so far (findings of other rules are not visible). */
  readonly analysis: Omit<Analysis, 'findings'>;
  report(r: Report): void;
}

export interface Fix {
  title: string;
  edits: TextEditOffsets[];
}

/**
 * Whether a rule's quick-fix may be applied without review. `safe` keeps the behaviour
 * the user meant (renaming a retired key, quoting a value the parser misreads, removing a
 * key the framework ignores); `unsafe` changes what runs or a number (a size, a dtype, a
 * backend), so the user picks it from the menu; `none` offers no fix. biome's `FixKind`
 * is the model.
 */
export type FixKind = 'safe' | 'unsafe' | 'none';

/** Fixes for one finding of a rule, from `finding.data` and the text (never the message). */
export type FixesFn = (finding: Finding, analysis: Omit<Analysis, 'findings'>) => Fix[];

interface RuleMeta {
  /** Stable id, also the diagnostic code: `vllm/tp-not-divisor`. */
  id: string;
  /** Which documents it runs on. */
  appliesTo: { formats?: FormatId[]; schemas?: SchemaId[] };
  /** The severity when the user's `servescope.rules` setting does not say. */
  severity: Severity;
  /** One line: the page heading, the settings description and SARIF's shortDescription. */
  title: string;
  /** The framework source the rule rests on (file, function, commit): shown on the rule's page and in SARIF. */
  sources: readonly string[];
  check(ctx: RuleContext): void;
}

/** What the catalog, the docs and SARIF know of any finding code, rule or not. */
export type RuleInfo = Pick<RuleMeta, 'id' | 'title' | 'severity' | 'sources'> & { fix: FixKind; appliesTo?: RuleMeta['appliesTo'] };

/** A rule offers fixes exactly when its fix kind says it does. */
export type Rule = RuleMeta & ({ fix: 'none'; fixes?: undefined } | { fix: 'safe' | 'unsafe'; fixes: FixesFn });

/**
 * Declares a rule. The type already ties `fix` to `fixes`; the checks here catch what
 * a cast or a spread could slip past, at load time rather than when a user asks for a fix.
 */
export function defineRule(rule: Rule): Rule {
  if ((rule.fix === 'none') !== (rule.fixes === undefined)) {
    throw new Error(`${rule.id}: fix '${rule.fix}' ${rule.fix === 'none' ? 'but a fixes function' : 'without a fixes function'}`);
  }
  if (!rule.sources.length) throw new Error(`${rule.id}: no sources`);
  return rule;
}
