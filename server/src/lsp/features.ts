/**
 * Thin adapters from core results to LSP shapes: hover, completion, code actions,
 * document symbols, code lens. No analysis logic lives here.
 */
import {
  CodeActionKind,
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  SymbolKind,
  type CodeAction,
  type CodeLens,
  type CompletionItem,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
} from 'vscode-languageserver';
import type { Analysis } from '../core/analysis';
import { hoverAt } from '../core/editing/hover';
import { completionsAt } from '../core/editing/completion';
import { outline, type OutlineSymbol } from '../core/editing/symbols';
import { fixesFor } from '../core/editing/fixes';
import type { Finding, OffsetRange } from '../core/types';
import { toRange } from './convert';
import { summaryLine } from '../core/capacity/summary';

export function hover(a: Analysis, offset: number): Hover | null {
  const h = hoverAt(a, offset);
  if (!h) return null;
  return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: toRange(a, h.range) };
}

export function completion(a: Analysis, offset: number): CompletionItem[] {
  const r = completionsAt(a, offset);
  if (!r) return [];
  const range = toRange(a, r.range);
  return r.items.map((it) => ({
    label: it.label,
    kind: it.kind === 'key' ? CompletionItemKind.Property : CompletionItemKind.Value,
    detail: it.detail,
    documentation: it.documentation ? { kind: MarkupKind.Markdown, value: it.documentation } : undefined,
    textEdit: { range, newText: it.insertText },
    insertTextFormat: InsertTextFormat.PlainText,
    sortText: it.sortText,
    tags: it.deprecated ? [1] : undefined,
  }));
}

export function codeActions(a: Analysis, diagnostics: Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== 'servescope') continue;
    const data = (d.data ?? {}) as Record<string, unknown> & { _range?: OffsetRange; _code?: string };
    const finding = findingFor(a, d, data);
    if (!finding) continue;
    for (const fix of fixesFor(finding, a)) {
      out.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: fix.preferred,
        edit: { changes: { [a.uri]: fix.edits.map((e) => ({ range: toRange(a, e.range), newText: e.newText })) } },
      });
    }
  }
  return out;
}

/** Matches a client diagnostic back to the finding of this analysis (same code and offsets). */
function findingFor(a: Analysis, d: Diagnostic, data: { _range?: OffsetRange; _code?: string }): Finding | undefined {
  const code = data._code ?? String(d.code ?? '');
  const r = data._range;
  return a.findings.find((f) => f.code === code && (!r || (f.range.start === r.start && f.range.end === r.end)));
}

export function symbols(a: Analysis): DocumentSymbol[] {
  const conv = (s: OutlineSymbol): DocumentSymbol => ({
    name: s.name || ' ',
    detail: s.detail,
    kind: s.kind === 'object' ? SymbolKind.Object : s.kind === 'array' ? SymbolKind.Array : SymbolKind.Property,
    range: toRange(a, s.range),
    selectionRange: toRange(a, s.selectionRange),
    children: s.children.map(conv),
  });
  return a.detection.format ? outline(a.root).map(conv) : [];
}

export function codeLenses(a: Analysis): CodeLens[] {
  const line = summaryLine(a);
  if (!line) return [];
  return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, command: { title: line, command: '' } }];
}
