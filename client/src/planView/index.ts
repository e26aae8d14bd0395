/**
 * The plan view's registration: the `servescope.planCapacity` command and the
 * "Plan capacity" code lens at the top of every config the server recognises
 * (setting `servescope.codeLens.planCapacity`). Needs no API key: the planner runs
 * in the language server.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DOCUMENT_INFO, type DidAnalyzeParams } from '../../../server/src/protocol/editor';
import { isConfigDocument } from '../advisor/panel';
import { PlanPanel } from './panel';

export const PLAN_COMMAND = 'servescope.planCapacity';

const SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml', scheme: 'file' },
  { language: 'yaml', scheme: 'untitled' },
  { language: 'pbtxt', scheme: 'file' },
  { language: 'pbtxt', scheme: 'untitled' },
];

class PlanCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly client: LanguageClient) {}

  private readonly formats = new Map<string, string | null>();

  refresh(): void {
    this.changed.fire();
  }

  /** After each analysis: the lens comes or goes when a document's detected format does. */
  noteAnalysis(p: DidAnalyzeParams): void {
    if (this.formats.get(p.uri) === p.format) return;
    this.formats.set(p.uri, p.format);
    this.refresh();
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!vscode.workspace.getConfiguration('servescope.codeLens', doc.uri).get<boolean>('planCapacity', true)) return [];
    // Only files the server recognises as a serving config: asking costs a lookup of the analysis it already holds.
    const info = await this.client.sendRequest<DidAnalyzeParams | null>(DOCUMENT_INFO, { uri: doc.uri.toString() }).catch(() => null);
    if (!info?.format) return [];
    return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: 'Plan capacity', command: PLAN_COMMAND, arguments: [doc.uri], tooltip: 'Plan GPUs, replicas and cost for your traffic and SLO' })];
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export interface PlanView {
  panel: PlanPanel;
  /** extension.ts forwards each servescope/didAnalyze here (one handler per notification). */
  noteAnalysis(p: DidAnalyzeParams): void;
}

/** Registers the command and the lens; returns the panel host (integration tests read the session). */
export function registerPlanView(context: vscode.ExtensionContext, client: LanguageClient): PlanView {
  const panel = new PlanPanel(context, client);
  const lens = new PlanCodeLens(client);
  context.subscriptions.push(
    panel,
    lens,
    vscode.languages.registerCodeLensProvider(SELECTOR, lens),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('servescope.codeLens.planCapacity')) lens.refresh();
    }),
    vscode.commands.registerCommand(PLAN_COMMAND, async (uri?: vscode.Uri) => {
      const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      if (!doc || !isConfigDocument(doc)) {
        void vscode.window.showInformationMessage('ServeScope: open a serving config (vLLM, Triton, Ray Serve or BentoML) to plan its capacity.');
        return undefined;
      }
      return panel.show(doc);
    }),
  );
  return { panel, noteAnalysis: (p) => lens.noteAnalysis(p) };
}
