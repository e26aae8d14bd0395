/** Connects the advisor panel to the language server's analysis. */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export function activateAdvisor(_context: vscode.ExtensionContext, _client: LanguageClient): void {
  // Wired when the advisor lands.
}
