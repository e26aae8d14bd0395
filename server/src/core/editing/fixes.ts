/**
 * Quick-fixes for a finding, computed from `finding.data` and the text only. Rule
 * fixes live with their rule; the schema findings' fixes (rename to the suggested
 * key, replace with the suggested value) live here.
 */
import type { Analysis } from '../analysis';
import type { Fix } from '../rules/rule';
import { ruleById } from '../rules/run';
import type { Finding } from '../types';

const SCHEMA_FIXES: Record<string, (f: Finding) => Fix[]> = {
  'schema/unknown-key': (f) => {
    const s = f.data?.suggestion;
    return typeof s === 'string' ? [{ title: `Change to "${s}"`, edits: [{ range: f.range, newText: s }], preferred: true }] : [];
  },
  'schema/invalid-enum': (f) => {
    const s = f.data?.suggestion;
    return typeof s === 'string' ? [{ title: `Change to "${s}"`, edits: [{ range: f.range, newText: s }], preferred: true }] : [];
  },
};

export function fixesFor(finding: Finding, a: Omit<Analysis, 'findings'>): Fix[] {
  const schemaFix = SCHEMA_FIXES[finding.code];
  if (schemaFix) return schemaFix(finding);
  const rule = ruleById(finding.code);
  if (!rule?.fix) return [];
  try {
    return rule.fix(finding, a);
  } catch {
    return [];
  }
}
