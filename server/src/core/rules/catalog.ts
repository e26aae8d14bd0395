/**
 * Every finding code ServeScope can report, with its one-line title and default
 * severity: the rules' own metadata, the manifest rules, and the codes the schema
 * validator, the parsers and the analysis itself raise. The settings enum, SARIF's
 * rule table and the docs test are generated or checked from this one list.
 */
import { ALL_RULES } from './index';
import { MANIFEST_RULES } from '../k8s';
import type { Severity } from '../types';

export interface CodeInfo {
  id: string;
  title: string;
  defaultSeverity: Severity;
}

/** Codes raised outside the rule registry. Parser codes share one page and one entry each family. */
const CORE: readonly CodeInfo[] = [
  { id: 'schema/unknown-key', title: 'A key the framework does not know', defaultSeverity: 'error' },
  { id: 'schema/missing-required', title: 'A required field is missing', defaultSeverity: 'error' },
  { id: 'schema/wrong-type', title: 'A value of the wrong type', defaultSeverity: 'error' },
  { id: 'schema/invalid-enum', title: 'A value that is not one of the allowed choices', defaultSeverity: 'error' },
  { id: 'schema/out-of-range', title: 'A number outside the range the framework accepts', defaultSeverity: 'error' },
  { id: 'schema/invalid-format', title: 'A string in the wrong format', defaultSeverity: 'error' },
  { id: 'schema/invalid-value', title: 'A value the framework rejects', defaultSeverity: 'error' },
  { id: 'servescope/internal-error', title: 'A rule failed on this file; the others still ran', defaultSeverity: 'warning' },
  { id: 'servescope/limit', title: 'Analysis stopped at a limit (time, size, findings)', defaultSeverity: 'warning' },
  { id: 'servescope/file-too-large', title: 'The file is larger than servescope.limits.maxFileBytes', defaultSeverity: 'warning' },
  { id: 'servescope/modeline', title: 'A # servescope: comment ServeScope could not read', defaultSeverity: 'warning' },
];

export function findingCodes(): CodeInfo[] {
  return [...CORE, ...ALL_RULES.map((r) => ({ id: r.id, title: r.title, defaultSeverity: r.defaultSeverity })), ...MANIFEST_RULES].sort((a, b) => a.id.localeCompare(b.id));
}

export function codeInfo(id: string): CodeInfo | undefined {
  return findingCodes().find((c) => c.id === id);
}
