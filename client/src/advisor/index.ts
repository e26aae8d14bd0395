/**
 * The advisor's registration: one call from extension.ts wires the view, its
 * commands and the "Ask the advisor about this" code action. The advisor is
 * optional: nothing here blocks or changes the rest of ServeScope when there
 * is no API key or no network.
 */
import * as vscode from 'vscode';
import { onApiKeyChanged, promptForApiKey } from './apiKey';
import { askAdvisor, AskAdvisorCodeActions, sizeDeployment } from './commands';
import { ADVISOR_VIEW_ID, AdvisorViewProvider, type AdvisorPanelOptions } from './panel';
import type { AnalysisBridge } from './protocol';

export type { AnalysisBridge } from './protocol';
export { ADVISOR_VIEW_ID } from './panel';
export { createLspBridge } from './lspBridge';

/** Files the code action is offered on (same as the language client's selector). */
const CONFIG_SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml', scheme: 'file' },
  { language: 'yaml', scheme: 'untitled' },
  { language: 'pbtxt', scheme: 'file' },
  { language: 'pbtxt', scheme: 'untitled' },
  { pattern: '**/*.pbtxt', scheme: 'file' },
];

/**
 * Registers the Advisor view (`servescope.advisor`) and the commands
 * `servescope.setApiKey`, `servescope.askAdvisor`, `servescope.sizeDeployment`,
 * `servescope.advisor.newConversation` and `servescope.advisor.stop`.
 * Returns the provider (integration tests read its transcript).
 */
export function registerAdvisor(context: vscode.ExtensionContext, bridge: AnalysisBridge, options: AdvisorPanelOptions = {}): AdvisorViewProvider {
  const provider = new AdvisorViewProvider(context, bridge, options);
  context.subscriptions.push(
    provider,
    vscode.window.registerWebviewViewProvider(ADVISOR_VIEW_ID, provider),
    vscode.commands.registerCommand('servescope.setApiKey', async () => {
      await promptForApiKey(context.secrets);
    }),
    vscode.commands.registerCommand('servescope.askAdvisor', (args: unknown) => askAdvisor(provider, args)),
    vscode.commands.registerCommand('servescope.sizeDeployment', () => sizeDeployment(provider)),
    vscode.commands.registerCommand('servescope.advisor.newConversation', () => provider.newConversation()),
    vscode.commands.registerCommand('servescope.advisor.stop', () => provider.stop()),
    vscode.languages.registerCodeActionsProvider(CONFIG_SELECTOR, new AskAdvisorCodeActions(), {
      providedCodeActionKinds: AskAdvisorCodeActions.kinds,
    }),
    onApiKeyChanged(context.secrets, () => provider.refresh()),
  );
  return provider;
}
