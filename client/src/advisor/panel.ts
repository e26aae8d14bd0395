/**
 * The Advisor view (`servescope.advisor`): the webview, and the editor side of
 * the session (documents, the one-step WorkspaceEdit, SecretStorage,
 * workspaceState). The conversation itself lives in session.ts.
 */
import * as vscode from 'vscode';
import { applyVersionedEdits } from '../versionedEdits';
import { randomBytes } from 'node:crypto';
import { readApiKey } from './apiKey';
import { advisorHtml } from './html';
import type { AnalysisBridge, ArchitectureDisplay, DisplayItem, ExtensionToWebview } from './protocol';
import { AdvisorSession, type EditorPort, type SessionOptions } from './session';
import { readAdvisorSettings } from './settings';
import type { TargetDocument } from './tools';

export const ADVISOR_VIEW_ID = 'servescope.advisor';
const STATE_KEY = 'servescope.advisor.conversation';

export type AdvisorPanelOptions = Pick<SessionOptions, 'createModel'>;

export class AdvisorViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private targetUri: vscode.Uri | undefined;
  private readonly session: AdvisorSession;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    bridge: AnalysisBridge,
    options: AdvisorPanelOptions = {},
  ) {
    const port: EditorPort = {
      targetDocument: () => this.targetDocument(),
      readDocument: async (uri) => {
        try {
          return (await vscode.workspace.openTextDocument(vscode.Uri.parse(uri))).getText();
        } catch {
          return undefined;
        }
      },
      applyEdit: async (uri, start, end, text) => {
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
        const edit = new vscode.WorkspaceEdit();
        // One WorkspaceEdit with one replacement: a single undo step.
        edit.replace(doc.uri, new vscode.Range(doc.positionAt(start), doc.positionAt(end)), text);
        return vscode.workspace.applyEdit(edit);
      },
      reveal: async (uri, start, end) => {
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
        await vscode.window.showTextDocument(doc, {
          preserveFocus: true,
          preview: false,
          selection: new vscode.Range(doc.positionAt(start), doc.positionAt(end)),
        });
      },
      apiKey: () => readApiKey(context.secrets),
      settings: () => readAdvisorSettings(),
      persist: (state) => void context.workspaceState.update(STATE_KEY, state),
      post: (msg) => this.post(msg),
      runCommand: (command) => {
        if (command === 'setApiKey') void vscode.commands.executeCommand('servescope.setApiKey');
        else if (command === 'planCapacity') void vscode.commands.executeCommand('servescope.planCapacity', this.targetUri);
        else void vscode.commands.executeCommand('workbench.action.openSettings', 'servescope.advisor');
      },
      saveArtifact: (configUri, fileName, text) => saveArtifact(vscode.Uri.parse(configUri), fileName, text),
      applyEdits: applyVersionedEdits,
    };
    this.session = new AdvisorSession(bridge, port, options, context.workspaceState.get(STATE_KEY));
    this.trackTarget(vscode.window.activeTextEditor);
    // The panel takes focus while the user types, so remember the last config editor instead of asking "which is active" later.
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((e) => this.trackTarget(e)),
      // A saved edit (a new # servescope comment, Apply from the plan view) re-plans the section.
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (this.view && d.uri.toString() === this.targetUri?.toString()) void this.session.architecture.refresh();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (this.view && (e.affectsConfiguration('servescope.traffic') || e.affectsConfiguration('servescope.slo'))) void this.session.architecture.refresh();
      }),
    );
  }

  dispose(): void {
    this.session.stop();
    for (const d of this.disposables) d.dispose();
  }

  /** True while an answer is streaming. */
  get busy(): boolean {
    return this.session.busy;
  }

  /** A copy of the transcript (integration tests read it). */
  get transcript(): DisplayItem[] {
    return this.session.transcript;
  }

  /** Resolves when the current answer (if any) has finished. */
  idle(): Promise<void> {
    return this.session.idle();
  }

  /** What the architecture section shows (integration tests read it). */
  get architecture(): ArchitectureDisplay {
    return this.session.architecture.current;
  }

  /** Re-plans the architecture section for `about` (default: the last config editor); resolves when it shows. */
  refreshArchitecture(about?: vscode.Uri): Promise<void> {
    if (about) this.targetUri = about;
    return this.session.architecture.refresh();
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const distRoot = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview');
    view.webview.options = { enableScripts: true, localResourceRoots: [distRoot] };
    view.webview.html = advisorHtml({
      nonce: randomBytes(16).toString('base64'),
      cspSource: view.webview.cspSource,
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(distRoot, 'advisor.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(distRoot, 'advisor.css')).toString(),
    });
    view.webview.onDidReceiveMessage((raw) => void this.session.handleMessage(raw), undefined, this.disposables);
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
    }, undefined, this.disposables);
  }

  /** Shows the view and asks `question` about `about` (default: the last config editor). */
  async ask(question: string, about?: vscode.Uri): Promise<void> {
    if (about) this.targetUri = about;
    // Showing the view is best effort: the question still runs and the view catches up on 'ready'.
    await vscode.commands.executeCommand(`${ADVISOR_VIEW_ID}.focus`).then(undefined, () => undefined);
    await this.session.ask(question);
  }

  stop(): void {
    this.session.stop();
  }

  /**
   * Handles a message as if the webview had posted it (validated the same way).
   * Integration tests use it to stand in for a click they can't make from the extension host.
   */
  handleWebviewMessage(raw: unknown): Promise<void> {
    return this.session.handleMessage(raw);
  }

  newConversation(): void {
    this.session.newConversation();
  }

  /** Re-sends the state, e.g. after the API key changed. */
  refresh(): void {
    void this.session.postState();
  }

  private targetDocument(): TargetDocument | undefined {
    const uri = this.targetUri;
    if (!uri) return undefined;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!doc || doc.isClosed) return undefined;
    return { uri: doc.uri.toString(), fileName: vscode.workspace.asRelativePath(doc.uri), text: doc.getText() };
  }

  private trackTarget(editor: vscode.TextEditor | undefined): void {
    if (!editor || !isConfigDocument(editor.document)) return;
    const changed = editor.document.uri.toString() !== this.targetUri?.toString();
    this.targetUri = editor.document.uri;
    // Only while the view shows: a hidden view asks again on 'ready'.
    if (changed && this.view) void this.session.architecture.refresh();
  }

  private post(msg: ExtensionToWebview): void {
    // The view's Stop title button shows only while an answer streams.
    if (msg.type === 'busy' || msg.type === 'state') void vscode.commands.executeCommand('setContext', 'servescope.advisor.busy', msg.busy);
    // A hidden view drops messages; it asks for the whole state again when it comes back ('ready').
    this.view?.webview.postMessage(msg).then(undefined, () => undefined);
  }
}

/** YAML or protobuf-text documents on disk or untitled: the files ServeScope analyses. */
export function isConfigDocument(doc: vscode.TextDocument): boolean {
  if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') return false;
  return doc.languageId === 'yaml' || doc.languageId === 'pbtxt' || /\.(ya?ml|pbtxt)$/i.test(doc.fileName);
}

/**
 * A save dialog starting next to the config with the artifact's name, then the write. The
 * dialog a platform (or code-server) shows may not confirm a replace, so an existing file
 * is replaced only after a modal yes: an artifact never overwrites a file silently.
 */
async function saveArtifact(config: vscode.Uri, fileName: string, text: string): Promise<string | undefined> {
  const folder = config.scheme === 'file' ? vscode.Uri.joinPath(config, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
    filters: { YAML: ['yaml', 'yml'] },
    saveLabel: 'Save',
    title: `Save ${fileName}`,
  });
  if (!target) return undefined;
  const exists = await vscode.workspace.fs.stat(target).then(() => true, () => false);
  if (exists) {
    const replace = await vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(target)} already exists. Replace it?`, { modal: true }, 'Replace');
    if (replace !== 'Replace') return undefined;
  }
  try {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  } catch (e) {
    void vscode.window.showErrorMessage(`ServeScope: could not save ${fileName}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
  void vscode.window.showInformationMessage(`ServeScope: saved ${vscode.workspace.asRelativePath(target)}`);
  return vscode.workspace.asRelativePath(target);
}
