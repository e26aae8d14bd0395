/**
 * Every finding code ServeScope can report, with its one-line title and default
 * severity: the rules' own metadata, the manifest rules, and the codes the schema
 * validator, the parsers and the analysis itself raise. The settings enum, SARIF's
 * rule table and the docs test are generated or checked from this one list.
 */
import { ALL_RULES } from './index';
import { MANIFEST_RULES } from '../k8s';
import type { RuleInfo } from './rule';

/** A finding code with its title, default severity, fix kind and sources. */
export type CodeInfo = RuleInfo;

/** Codes raised outside the rule registry. Parser codes share one page and one entry each family. */
const CORE: readonly CodeInfo[] = [
  { id: 'schema/unknown-key', title: 'A key the framework does not know', severity: 'error', fix: 'unsafe', sources: ['The schemas in `schemas/`, written from each framework\'s argument parser / config classes'] },
  { id: 'schema/missing-required', title: 'A required field is missing', severity: 'error', fix: 'none', sources: ['`required` lists in `schemas/*.schema.json`, from the frameworks\' schema classes'] },
  { id: 'schema/wrong-type', title: 'A value of the wrong type', severity: 'error', fix: 'none', sources: [] },
  { id: 'schema/invalid-enum', title: 'A value that is not one of the allowed choices', severity: 'error', fix: 'unsafe', sources: [] },
  { id: 'schema/out-of-range', title: 'A number outside the range the framework accepts', severity: 'error', fix: 'none', sources: [] },
  { id: 'schema/invalid-format', title: 'A string in the wrong format', severity: 'error', fix: 'none', sources: [] },
  { id: 'schema/invalid-value', title: 'A value the framework rejects', severity: 'error', fix: 'none', sources: [] },
  { id: 'servescope/internal-error', title: 'A rule failed on this file; the others still ran', severity: 'warning', fix: 'none', sources: [] },
  { id: 'servescope/limit', title: 'Analysis stopped at a limit (time, size, findings)', severity: 'warning', fix: 'none', sources: [] },
  { id: 'servescope/file-too-large', title: 'The file is larger than servescope.limits.maxFileBytes', severity: 'warning', fix: 'none', sources: [] },
  { id: 'servescope/modeline', title: 'A # servescope: comment ServeScope could not read', severity: 'warning', fix: 'none', sources: [] },
];

export function findingCodes(): CodeInfo[] {
  const rules = ALL_RULES.map((r): CodeInfo => ({ id: r.id, title: r.title, severity: r.severity, fix: r.fix, sources: r.sources, appliesTo: r.appliesTo }));
  return [...CORE, ...rules, ...MANIFEST_RULES].sort((a, b) => a.id.localeCompare(b.id));
}

let byId: Map<string, CodeInfo> | undefined;

export function codeInfo(id: string): CodeInfo | undefined {
  byId ??= new Map(findingCodes().map((c) => [c.id, c]));
  return byId.get(id);
}
