/**
 * Quick-fixes for a finding, computed from `finding.data` and the text only. Rule
 * fixes live with their rule; the schema findings' fixes (rename to the suggested
 * key, replace with the suggested value) and the manifest rules' live here. Which fix
 * is preferred comes from the code's fix kind, never from the fix itself.
 */
import type { Analysis } from '../analysis';
import type { Fix } from '../rules/rule';
import { codeInfo } from '../rules/catalog';
import { ruleById } from '../rules/run';
import type { Finding, SourceNode } from '../types';
import { wrapInList } from './edits';
import { innerFinding } from '../embedded/embedded';
import { editToHost } from '../embedded/offsetMap';

/** The fix of a finding that carries the text to put in place of its range (`data.newText`). */
function replaceFlagged(title: (newText: string) => string): (f: Finding) => Fix[] {
  return (f) => {
    const t = f.data?.newText;
    return typeof t === 'string' ? [{ title: title(t), edits: [{ range: f.range, newText: t }] }] : [];
  };
}

const TABLE_FIXES: Record<string, (f: Finding, a: Omit<Analysis, 'findings'>) => Fix[]> = {
  'schema/unknown-key': (f, a) => {
    const s = f.data?.suggestion;
    if (typeof s !== 'string') return [];
    const rename = { range: f.range, newText: s };
    const value = f.data?.wrapInList && a.tree.language === 'yaml' ? valueOfKeyAt(a.root, f.range.start) : undefined;
    if (value) return [{ title: `Change to "${s}" (a list)`, edits: [rename, ...wrapInList(a.text, value)] }];
    return [{ title: `Change to "${s}"`, edits: [rename] }];
  },
  // Manifest rules (core/k8s/rules) store the replacement of the text they flag.
  'k8s/gpu-limit-not-tp-times-pp': replaceFlagged((t) => `Change the GPU limit to ${t}`),
  'k8s/autoscaler-metric-retired': replaceFlagged((t) => `Change to ${t}`),
  'k8s/liveness-probe-before-load': replaceFlagged((t) => `Set initialDelaySeconds to ${t}`),
  'k8s/keda-query-not-aggregated': replaceFlagged(() => 'Aggregate the query with sum()'),
  'schema/invalid-enum': (f) => {
    const s = f.data?.suggestion;
    return typeof s === 'string' ? [{ title: `Change to "${s}"`, edits: [{ range: f.range, newText: s }] }] : [];
  },
};

/** The codes whose fixes live in this file rather than with a Rule. */
export const TABLE_FIX_CODES: readonly string[] = Object.keys(TABLE_FIXES);

/** A fix as offered to the user: `preferred` is the one an editor's auto-fix applies without asking. */
export interface OfferedFix extends Fix {
  preferred: boolean;
}

/**
 * The fixes of a finding. Only a safe fix is preferred, and only the code's first: VS Code's
 * "Auto Fix" applies a preferred fix without showing the menu, so a fix that changes what
 * runs or a number (`unsafe`) is always the user's choice.
 */
export function fixesFor(finding: Finding, a: Omit<Analysis, 'findings'>): OfferedFix[] {
  const inner = a.embedded ? innerFinding(a, finding) : undefined;
  if (inner) return embeddedFixes(inner.finding, inner.doc.analysis, inner.doc.map);
  const safe = codeInfo(finding.code)?.fix === 'safe';
  return ownFixes(finding, a).map((f, i) => ({ ...f, preferred: safe && i === 0 }));
}

function ownFixes(finding: Finding, a: Omit<Analysis, 'findings'>): Fix[] {
  const tableFix = TABLE_FIXES[finding.code];
  if (tableFix) return tableFix(finding, a);
  const rule = ruleById(finding.code);
  if (!rule?.fixes) return [];
  try {
    return rule.fixes(finding, a);
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
function embeddedFixes(f: Finding, inner: Omit<Analysis, 'findings'>, map: Parameters<typeof editToHost>[0]): OfferedFix[] {
  const out: OfferedFix[] = [];
  for (const fix of fixesFor(f, inner)) {
    const edits = fix.edits.map((e) => editToHost(map, e));
    if (edits.every((e) => e)) out.push({ ...fix, edits: edits as NonNullable<(typeof edits)[number]>[] });
  }
  return out;
}
