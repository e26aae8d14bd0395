/**
 * Quick-fixes for a finding, computed from `finding.data` and the text only. Rule
 * fixes live with their rule; the schema findings' fixes (rename to the suggested
 * key, replace with the suggested value) live here.
 */
import type { Analysis } from '../analysis';
import type { Fix } from '../rules/rule';
import { ruleById } from '../rules/run';
import type { Finding, SourceNode } from '../types';
import { wrapInList } from './edits';
import { innerFinding } from '../embedded/embedded';
import { editToHost } from '../embedded/offsetMap';

/** The fix of a finding that carries the text to put in place of its range (`data.newText`). */
function replaceFlagged(title: (newText: string) => string): (f: Finding) => Fix[] {
  return (f) => {
    const t = f.data?.newText;
    return typeof t === 'string' ? [{ title: title(t), edits: [{ range: f.range, newText: t }], preferred: true }] : [];
  };
}

const SCHEMA_FIXES: Record<string, (f: Finding, a: Omit<Analysis, 'findings'>) => Fix[]> = {
  'schema/unknown-key': (f, a) => {
    const s = f.data?.suggestion;
    if (typeof s !== 'string') return [];
    const rename = { range: f.range, newText: s };
    const value = f.data?.wrapInList && a.tree.language === 'yaml' ? valueOfKeyAt(a.root, f.range.start) : undefined;
    if (value) return [{ title: `Change to "${s}" (a list)`, edits: [rename, ...wrapInList(a.text, value)], preferred: true }];
    return [{ title: `Change to "${s}"`, edits: [rename], preferred: true }];
  },
  // Manifest rules (core/k8s/rules) store the replacement of the text they flag.
  'k8s/gpu-limit-not-tp-times-pp': replaceFlagged((t) => `Change the GPU limit to ${t}`),
  'k8s/autoscaler-metric-retired': replaceFlagged((t) => `Change to ${t}`),
  'k8s/liveness-probe-before-load': replaceFlagged((t) => `Set initialDelaySeconds to ${t}`),
  'k8s/keda-query-not-aggregated': replaceFlagged(() => 'Aggregate the query with sum()'),
  'schema/invalid-enum': (f) => {
    const s = f.data?.suggestion;
    return typeof s === 'string' ? [{ title: `Change to "${s}"`, edits: [{ range: f.range, newText: s }], preferred: true }] : [];
  },
};

export function fixesFor(finding: Finding, a: Omit<Analysis, 'findings'>): Fix[] {
  const inner = a.embedded ? innerFinding(a, finding) : undefined;
  if (inner) return embeddedFixes(inner.finding, inner.doc.analysis, inner.doc.map);
  const schemaFix = SCHEMA_FIXES[finding.code];
  if (schemaFix) return schemaFix(finding, a);
  const rule = ruleById(finding.code);
  if (!rule?.fix) return [];
  try {
    return rule.fix(finding, a);
  } catch {
    return [];
  }
}

/** The value of the mapping key that starts at `keyStart`, anywhere in the tree. */
function valueOfKeyAt(node: SourceNode | null, keyStart: number): SourceNode | undefined {
  if (!node || node.kind === 'scalar' || keyStart < node.range.start || keyStart > node.range.end) return undefined;
  if (node.kind === 'seq') {
    for (const it of node.items) {
      const hit = valueOfKeyAt(it, keyStart);
      if (hit) return hit;
    }
    return undefined;
  }
  for (const p of node.pairs) {
    if (p.key.range.start === keyStart) return p.value ?? undefined;
    const hit = valueOfKeyAt(p.value, keyStart);
    if (hit) return hit;
  }
  return undefined;
}


/** Fixes of an embedded config's finding as host edits; a fix with an edit the host can't express is dropped whole. */
function embeddedFixes(f: Finding, inner: Omit<Analysis, 'findings'>, map: Parameters<typeof editToHost>[0]): Fix[] {
  const out: Fix[] = [];
  for (const fix of fixesFor(f, inner)) {
    const edits = fix.edits.map((e) => editToHost(map, e));
    if (edits.every((e) => e)) out.push({ ...fix, edits: edits as NonNullable<(typeof edits)[number]>[] });
  }
  return out;
}
