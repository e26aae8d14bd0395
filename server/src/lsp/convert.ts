/** Offsets → LSP positions, done once at the edge. */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type Range } from 'vscode-languageserver';
import type { Analysis } from '../core/analysis';
import type { Finding, OffsetRange, Severity } from '../core/types';
import { docUrl } from './docLinks';

export function toRange(a: Pick<Analysis, 'lines'>, r: OffsetRange): Range {
  return { start: a.lines.position(r.start), end: a.lines.position(r.end) };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(a: Pick<Analysis, 'lines' | 'uri'>, f: Finding): Diagnostic {
  const d: Diagnostic = {
    range: toRange(a, f.range),
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: docUrl(f.code) },
    source: 'servescope',
    message: f.message,
  };
  if (f.tags?.length) d.tags = f.tags.map((t) => (t === 'deprecated' ? DiagnosticTag.Deprecated : DiagnosticTag.Unnecessary));
  if (f.related?.length) d.relatedInformation = f.related.map((r) => ({ location: { uri: a.uri, range: toRange(a, r.range) }, message: r.message }));
  // Only `data` survives the round trip to code actions; keep the finding's own data
  // plus its offsets so the fix can be recomputed against the same analysis.
  d.data = { ...(f.data ?? {}), _range: f.range, _code: f.code };
  return d;
}
