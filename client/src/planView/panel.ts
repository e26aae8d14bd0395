/**
 * The plan view's editor glue: one webview panel beside the config, the language
 * server request, and Apply as one WorkspaceEdit checked against the document version.
 */
import * as vscode from 'vscode';
import { applyVersionedEdits } from '../versionedEdits';
import { randomBytes } from 'node:crypto';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PLAN_DOCUMENT, type PlanDocumentParams, type PlanDocumentResult } from '../../../server/src/protocol/editor';
import { planHtml } from './html';
import { PlanSession, type PlanPort } from './session';

export const PLAN_VIEW_TYPE = 'servescope.plan';

export class PlanPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private session: PlanSession | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
  ) {
    // The plan follows the file: after an edit (Apply or typing) the numbers are planned again.
    this.disposables.push(
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (this.session && d.uri.toString() === this.session.documentUri) void this.session.refresh();
      }),
    );
  }

  /** The session on screen, when the panel is open (integration tests read its result). */
  get current(): PlanSession | undefined {
    return this.session;
  }

  /** Opens (or reveals) the panel for `doc`. */
  show(doc: vscode.TextDocument): PlanSession {
    const fileName = vscode.workspace.asRelativePath(doc.uri);
    if (this.panel && this.session) {
      this.panel.title = `Plan: ${baseName(fileName)}`;
      this.session.retarget(doc.uri.toString(), fileName);
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      void this.session.refresh();
      return this.session;
    }
    const distRoot = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel(PLAN_VIEW_TYPE, `Plan: ${baseName(fileName)}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [distRoot], retainContextWhenHidden: true });
    const port: PlanPort = {
      plan: (uri, inputs) => this.client.sendRequest<PlanDocumentResult>(PLAN_DOCUMENT, { uri, inputs } satisfies PlanDocumentParams),
      applyEdits: applyVersionedEdits,
      post: (msg) => void panel.webview.postMessage(msg).then(undefined, () => undefined),
    };
    const session = new PlanSession(port, doc.uri.toString(), fileName);
    panel.webview.html = planHtml({
      nonce: randomBytes(16).toString('base64'),
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(distRoot, 'plan.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(distRoot, 'plan.css')).toString(),
    });
    panel.webview.onDidReceiveMessage((raw) => void session.handleMessage(raw), undefined, this.disposables);
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.session = undefined;
    }, undefined, this.disposables);
    this.panel = panel;
    this.session = session;
    return session;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}
