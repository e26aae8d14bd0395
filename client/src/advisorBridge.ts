/** Connects the advisor panel to the language server's analysis (custom LSP requests). */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerAdvisor } from './advisor';
import { createLspBridge } from './advisor/lspBridge';

export function activateAdvisor(context: vscode.ExtensionContext, client: LanguageClient): ReturnType<typeof registerAdvisor> {
  return registerAdvisor(context, createLspBridge(client));
}
