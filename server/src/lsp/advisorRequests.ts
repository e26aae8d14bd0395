/**
 * Custom requests the advisor panel uses to ground its answers in ServeScope's own
 * analysis (context, what-if estimates, checking a candidate config).
 */
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisStore } from './documents';

export function registerAdvisorRequests(_connection: Connection, _documents: TextDocuments<TextDocument>, _store: AnalysisStore): void {
  // Wired when the advisor lands.
}
