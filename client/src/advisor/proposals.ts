/**
 * Proposed edits: building the candidate text from the model's input, judging
 * it against the original's findings, and the line diff the panel shows.
 * Pure, so the rules "an edit that adds errors is refused" and "nothing is
 * applied without a click" are tested without an editor.
 */
import type { AdvisorFinding, CheckResult, DiffHunk, DiffLine, EstimateChange, ProposalView } from './protocol';

export interface Replacement {
  old: string;
  new: string;
}

/** A proposal that passed the check and waits for the user. */
export interface Proposal {
  id: string;
  uri: string;
  /** The document text the edit was computed against; Apply refuses if the document changed since. */
  originalText: string;
  newText: string;
  view: ProposalView;
}

export type Built = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Applies `{old, new}` replacements in order. Each `old` must occur exactly
 * once at that point, so the model cannot silently edit the wrong place.
 */
export function applyReplacements(original: string, edits: Replacement[]): Built {
  let text = original;
  for (const [i, e] of edits.entries()) {
    if (e.old === '') return { ok: false, reason: `edit ${i + 1}: "old" is empty; quote the exact text to replace.` };
    const first = text.indexOf(e.old);
    if (first < 0) return { ok: false, reason: `edit ${i + 1}: the text to replace was not found in the current file (it must match exactly, including indentation): ${preview(e.old)}` };
    if (text.indexOf(e.old, first + 1) >= 0) {
      return { ok: false, reason: `edit ${i + 1}: the text to replace occurs more than once; include more surrounding lines so it is unique: ${preview(e.old)}` };
    }
    text = text.slice(0, first) + e.new + text.slice(first + e.old.length);
  }
  return { ok: true, text };
}

function preview(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return JSON.stringify(one.length > 80 ? `${one.slice(0, 80)}…` : one);
}

/**
 * Errors the candidate has that the original didn't, counted per rule code so
 * an error that merely moved lines is not "new".
 */
export function newErrors(before: AdvisorFinding[], after: AdvisorFinding[]): AdvisorFinding[] {
  const budget = new Map<string, number>();
  for (const f of before) if (f.severity === 'error') budget.set(f.code, (budget.get(f.code) ?? 0) + 1);
  const added: AdvisorFinding[] = [];
  for (const f of after) {
    if (f.severity !== 'error') continue;
    const left = budget.get(f.code) ?? 0;
    if (left > 0) budget.set(f.code, left - 1);
    else added.push(f);
  }
  return added;
}

/** Findings (any severity) present on one side only, matched by code and message. */
export function findingDelta(before: AdvisorFinding[], after: AdvisorFinding[]): { resolved: AdvisorFinding[]; introduced: AdvisorFinding[] } {
  const key = (f: AdvisorFinding) => `${f.code}\u0000${f.message}`;
  const minus = (a: AdvisorFinding[], b: AdvisorFinding[]) => {
    const counts = new Map<string, number>();
    for (const f of b) counts.set(key(f), (counts.get(key(f)) ?? 0) + 1);
    return a.filter((f) => {
      const n = counts.get(key(f)) ?? 0;
      if (n > 0) {
        counts.set(key(f), n - 1);
        return false;
      }
      return true;
    });
  };
  return { resolved: minus(before, after), introduced: minus(after, before) };
}

/** Which headline estimates change, flattened to dotted keys. */
export function estimateChanges(before: CheckResult['estimates'], after: CheckResult['estimates']): EstimateChange[] {
  const a = flatten(before ?? {});
  const b = flatten(after ?? {});
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  const out: EstimateChange[] = [];
  for (const k of keys) {
    const x = a.get(k) ?? '—';
    const y = b.get(k) ?? '—';
    if (x !== y) out.push({ key: k, before: x, after: y });
  }
  return out.slice(0, 30);
}

function flatten(v: unknown, prefix = '', out = new Map<string, string>(), depth = 0): Map<string, string> {
  if (v === null || typeof v !== 'object') {
    if (prefix) out.set(prefix, typeof v === 'number' ? formatNumber(v) : String(v));
    return out;
  }
  if (depth > 4) return out;
  if (Array.isArray(v)) {
    if (prefix) out.set(prefix, JSON.stringify(v).slice(0, 60));
    return out;
  }
  for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}.${k}` : k, out, depth + 1);
  return out;
}

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(4)));
}

// ---------------------------------------------------------------------------
// Line diff (LCS). Config files are small; very large inputs fall back to a
// whole-file replacement view rather than spending quadratic time.

const MAX_CELLS = 4_000_000;

/** Line-by-line diff of two texts. */
export function diffLines(oldText: string, newText: string): DiffLine[] {
  const a = oldText.split(/\r?\n/);
  const b = newText.split(/\r?\n/);
  // Trim the common head and tail first: most edits touch a few lines.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  const out: DiffLine[] = [];
  for (let i = 0; i < head; i++) out.push({ op: ' ', text: a[i]!, oldLine: i + 1, newLine: i + 1 });
  const mid: DiffLine[] = [];
  if (am.length * bm.length > MAX_CELLS) {
    am.forEach((t, i) => mid.push({ op: '-', text: t, oldLine: head + i + 1 }));
    bm.forEach((t, j) => mid.push({ op: '+', text: t, newLine: head + j + 1 }));
  } else {
    const n = am.length;
    const m = bm.length;
    // lcs[i][j] = LCS length of am[i..] and bm[j..], stored row-major.
    const lcs = new Uint32Array((n + 1) * (m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * (m + 1) + j] = am[i] === bm[j] ? lcs[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && am[i] === bm[j]) {
        mid.push({ op: ' ', text: am[i]!, oldLine: head + i + 1, newLine: head + j + 1 });
        i++;
        j++;
      } else if (i < n && (j === m || lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!)) {
        // Removals first, as unified diffs show them.
        mid.push({ op: '-', text: am[i]!, oldLine: head + i + 1 });
        i++;
      } else {
        mid.push({ op: '+', text: bm[j]!, newLine: head + j + 1 });
        j++;
      }
    }
  }
  out.push(...mid);
  for (let k = 0; k < tail; k++) {
    out.push({ op: ' ', text: a[a.length - tail + k]!, oldLine: a.length - tail + k + 1, newLine: b.length - tail + k + 1 });
  }
  return out;
}

/** Groups a diff into hunks with `context` unchanged lines around each change. */
export function toHunks(lines: DiffLine[], context = 3): DiffHunk[] {
  const changed = lines.map((l, i) => (l.op === ' ' ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0) return [];
  const hunks: DiffHunk[] = [];
  let start = Math.max(0, changed[0]! - context);
  let end = Math.min(lines.length - 1, changed[0]! + context);
  const flush = () => {
    const slice = lines.slice(start, end + 1);
    const oldStart = slice.find((l) => l.oldLine !== undefined)?.oldLine ?? 0;
    const newStart = slice.find((l) => l.newLine !== undefined)?.newLine ?? 0;
    const oldCount = slice.filter((l) => l.op !== '+').length;
    const newCount = slice.filter((l) => l.op !== '-').length;
    hunks.push({ header: `@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`, lines: slice });
  };
  for (const idx of changed.slice(1)) {
    if (idx - context <= end + 1) end = Math.min(lines.length - 1, idx + context);
    else {
      flush();
      start = Math.max(0, idx - context);
      end = Math.min(lines.length - 1, idx + context);
    }
  }
  flush();
  return hunks;
}

/**
 * The smallest single replacement turning `a` into `b` (common prefix and
 * suffix kept), so applying a proposal moves as little of the document as
 * possible and is one undo step.
 */
export function minimalReplacement(a: string, b: string): { start: number; end: number; text: string } {
  let p = 0;
  const max = Math.min(a.length, b.length);
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return { start: p, end: a.length - s, text: b.slice(p, b.length - s) };
}
