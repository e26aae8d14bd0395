/**
 * The contract every rule file implements. A rule reads the analysis (tree, value,
 * plan, estimates), reports findings with the data its quick-fix needs, and may
 * offer fixes computed from that data alone (never from the message).
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Analysis } from '../analysis';
import { findSchemaDir } from '../schema/registry';
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
  /** The one fix VS Code applies from "Fix all"/auto-fix. */
  preferred?: boolean;
}

export interface Rule {
  /** Stable id, also the diagnostic code: `vllm/tp-not-divisor`. */
  id: string;
  /** Which documents it runs on. */
  appliesTo: { formats?: FormatId[]; schemas?: SchemaId[] };
  defaultSeverity: Severity;
  /** One line for docs and settings descriptions. */
  title: string;
  check(ctx: RuleContext): void;
  /** Fixes for one finding of this rule, from `finding.data` and the text. */
  fix?(finding: Finding, analysis: Omit<Analysis, 'findings'>): Fix[];
}

/**
 * Link to a rule's page under `docs/rules/`. The docs ship inside the extension, so
 * the link is a file URL next to the schemas: it works offline and in code-server.
 */
export function docUrl(code: string): string {
  // Parser codes are many and share one page.
  if (/^(yaml|pbtxt)\//.test(code)) code = 'syntax';
  return pathToFileURL(path.join(path.dirname(findSchemaDir()), 'docs', 'rules', `${code}.md`)).toString();
}
