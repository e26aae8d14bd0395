/**
 * Applies edits the language server computed for one version of a document, as one
 * undoable WorkspaceEdit, only if the document is still at that version: an edit for
 * text the user has since changed could land in the wrong place. The plan view's and the
 * architecture view's Apply both come through here.
 */
import * as vscode from 'vscode';
import type { PlanApply } from '../../server/src/protocol/editor';

export type ApplyOutcome = 'applied' | 'stale' | 'failed';

export async function applyVersionedEdits(uri: string, version: number, edits: PlanApply['edits']): Promise<ApplyOutcome> {
  const target = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
  if (!target || target.version !== version) return 'stale';
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(target.uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
  return (await vscode.workspace.applyEdit(edit)) ? 'applied' : 'failed';
}
