/**
 * User control over findings: per-rule severity from settings (`off` drops it) and
 * `# servescope-disable-next-line [rule ...]` / `# servescope-disable-line` comments,
 * which work the same in YAML and pbtxt because both use `#` comments.
 */
import type { Analysis } from './analysis';
import type { Finding } from './types';

const NEXT = /^servescope-disable-next-line\b\s*(.*)$/;
const SAME = /^servescope-disable-line\b\s*(.*)$/;
const FILE = /^servescope-disable\b(?!-)\s*(.*)$/;

export function applyUserControls(findings: Finding[], a: Pick<Analysis, 'tree' | 'lines' | 'settings'>): Finding[] {
  const byLine = new Map<number, Set<string> | 'all'>();
  let fileWide: Set<string> | 'all' | undefined;
  const add = (line: number, rules: string) => {
    const list = rules.split(/[\s,]+/).filter(Boolean);
    const prev = byLine.get(line);
    if (!list.length || prev === 'all') byLine.set(line, 'all');
    else byLine.set(line, new Set([...(prev ?? []), ...list]));
  };
  for (const c of a.tree.comments) {
    const line = a.lines.position(c.range.start).line;
    let m = NEXT.exec(c.text);
    if (m) add(line + 1, m[1]);
    else if ((m = SAME.exec(c.text))) add(line, m[1]);
    else if ((m = FILE.exec(c.text))) {
      const list = m[1].split(/[\s,]+/).filter(Boolean);
      fileWide = list.length ? new Set(list) : 'all';
    }
  }
  const sev = a.settings.rules ?? {};
  const out: Finding[] = [];
  for (const f of findings) {
    // Syntax errors can't be silenced: the framework would not load the file at all.
    const syntax = f.code.startsWith('yaml/') || f.code.startsWith('pbtxt/');
    if (!syntax) {
      const line = a.lines.position(f.range.start).line;
      const s = byLine.get(line);
      if (s === 'all' || s?.has(f.code)) continue;
      if (fileWide === 'all' || fileWide?.has(f.code)) continue;
    }
    const o = sev[f.code];
    if (o === 'off') continue;
    out.push(o ? { ...f, severity: o } : f);
  }
  return out;
}
