/**
 * The Advisor view (`servescope.advisor`): owns the conversation, runs turns,
 * streams them to the webview, and applies a proposal only when the webview
 * reports a click on its Apply button. Editor glue only; the turn logic is in
 * conversation.ts and the tools in tools.ts.
 */
import * as vscode from 'vscode';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AnthropicClientOptions } from './anthropicClient';
import { renderContext, runTurn, trimHistory, type ChatMessage, type ModelClient } from './conversation';
import { AdvisorError, noKeyError } from './errors';
import { readApiKey } from './apiKey';
import { advisorHtml } from './html';
import { minimalReplacement, type Proposal } from './proposals';
import { parseWebviewMessage, type AdvisorContext, type AnalysisBridge, type DisplayItem, type ExtensionToWebview, type ProposalView } from './protocol';
import { readAdvisorSettings } from './settings';
import { SYSTEM_PROMPT } from './systemPrompt';
import { createAdvisorTools, type TargetDocument } from './tools';
import { applyDelta, finishStreaming, fromPersisted, toPersisted } from './transcript';

export const ADVISOR_VIEW_ID = 'servescope.advisor';
const STATE_KEY = 'servescope.advisor.conversation';
const CONTEXT_TIMEOUT_MS = 8_000;

export interface AdvisorPanelOptions {
  /** Replaces the Anthropic client (integration tests point it at a fake server through baseUrl instead when they can). */
  createModel?: (opts: AnthropicClientOptions) => ModelClient;
}

export class AdvisorViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private items: DisplayItem[];
  private history: ChatMessage[];
  private readonly proposals = new Map<string, Proposal>();
  /** Facts the model should know at the next question (e.g. the user applied a proposal). */
  private notes: string[] = [];
  private running: AbortController | undefined;
  private targetUri: vscode.Uri | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly bridge: AnalysisBridge,
    private readonly options: AdvisorPanelOptions = {},
  ) {
    const restored = fromPersisted(context.workspaceState.get(STATE_KEY));
    this.items = restored.items;
    this.history = restored.history;
    this.trackTarget(vscode.window.activeTextEditor);
    // The panel takes focus while the user types, so remember the last config editor instead of asking "which is active" later.
    this.disposables.push(vscode.window.onDidChangeActiveTextEditor((e) => this.trackTarget(e)));
  }

  dispose(): void {
    this.running?.abort();
    for (const d of this.disposables) d.dispose();
  }

  /** True while an answer is streaming. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** A read-only copy of the transcript (for integration tests and commands). */
  get transcript(): readonly DisplayItem[] {
    return structuredClone(this.items);
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const distRoot = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview');
    view.webview.options = { enableScripts: true, localResourceRoots: [distRoot] };
    view.webview.html = this.html(view.webview, distRoot);
    view.webview.onDidReceiveMessage((raw) => void this.onMessage(raw), undefined, this.disposables);
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
    }, undefined, this.disposables);
  }

  /** Shows the view and asks `question` about the current config. */
  async ask(question: string, about?: vscode.Uri): Promise<void> {
    if (about) this.targetUri = about;
    await vscode.commands.executeCommand(`${ADVISOR_VIEW_ID}.focus`);
    await this.runQuestion(question);
  }

  /** Stops the answer being streamed, if any. */
  stop(): void {
    this.running?.abort();
  }

  /** Clears the conversation (and stops a running answer). */
  newConversation(): void {
    this.running?.abort();
    this.items = [];
    this.history = [];
    this.notes = [];
    this.proposals.clear();
    this.persist();
    void this.postState();
  }

  /** Re-sends the state, e.g. after the API key changed. */
  refresh(): void {
    void this.postState();
  }

  // -------------------------------------------------------------------------

  private async onMessage(raw: unknown): Promise<void> {
    const msg = parseWebviewMessage(raw);
    if (!msg) return; // Anything else is ignored: the webview is not trusted to invent requests.
    switch (msg.type) {
      case 'ready':
        return this.postState();
      case 'send':
        return this.runQuestion(msg.text);
      case 'stop':
        return this.stop();
      case 'newConversation':
        return this.newConversation();
      case 'apply':
        return this.applyProposal(msg.proposalId);
      case 'discard':
        return this.discardProposal(msg.proposalId);
      case 'command':
        if (msg.command === 'setApiKey') await vscode.commands.executeCommand('servescope.setApiKey');
        else await vscode.commands.executeCommand('workbench.action.openSettings', 'servescope.advisor');
        return;
    }
  }

  private async runQuestion(question: string): Promise<void> {
    if (this.running) {
      this.notice('An answer is still being written. Press Stop (or Escape) first, then ask again.', 'info');
      return;
    }
    this.push({ kind: 'user', text: question });
    const apiKey = await readApiKey(this.context.secrets);
    if (!apiKey) return this.fail(noKeyError());

    const ac = new AbortController();
    this.running = ac;
    void this.post({ type: 'busy', busy: true });
    try {
      const doc = this.targetDocument();
      const context = doc ? await this.groundedContext(doc) : undefined;
      const settings = readAdvisorSettings();
      const clientOptions: AnthropicClientOptions = { apiKey, baseURL: settings.baseUrl, model: settings.model };
      // Loaded on first use: the SDK is most of the advisor's weight and activation shouldn't pay for it.
      const createModel = this.options.createModel ?? (await import('./anthropicClient')).createAnthropicModelClient;
      const model = createModel(clientOptions);
      const tools = createAdvisorTools({
        bridge: this.bridge,
        getDocument: () => this.targetDocument(),
        onProposal: (p) => {
          this.proposals.set(p.id, p);
          this.push({ kind: 'proposal', proposal: p.view });
        },
        newId: () => randomUUID(),
      });
      const notes = this.notes.splice(0);
      const result = await runTurn({
        model,
        tools,
        system: SYSTEM_PROMPT,
        history: this.history,
        question: notes.length ? `${notes.join('\n')}\n\n${question}` : question,
        context: context ?? 'No ServeScope config is open in the editor; answer in general terms and say that numbers need a config.',
        onText: (delta) => {
          if (applyDelta(this.items, delta)) void this.post({ type: 'delta', text: delta });
        },
        onTool: (e) => this.push({ kind: 'tool', text: e.summary, isError: e.isError || undefined }),
        signal: ac.signal,
      });
      this.history = trimHistory(result.history);
      finishStreaming(this.items, result.status);
      if (result.status === 'cancelled') this.notice('Stopped.', 'info');
      else if (result.error) this.fail(result.error);
    } catch (err) {
      finishStreaming(this.items, 'error');
      this.fail(err instanceof AdvisorError ? err : new AdvisorError('unknown', `The advisor failed: ${String((err as Error)?.message ?? err)}`));
    } finally {
      if (this.running === ac) this.running = undefined;
      this.persist();
      void this.postState();
    }
  }

  /** ServeScope's analysis of the document; a failing server must not block the question. */
  private async groundedContext(doc: TargetDocument): Promise<string> {
    let ctx: AdvisorContext;
    try {
      ctx = await withTimeout(this.bridge.context(doc.uri), CONTEXT_TIMEOUT_MS);
      if (ctx.text === undefined) ctx = { ...ctx, text: doc.text };
    } catch {
      ctx = { uri: doc.uri, format: null, findings: [], text: doc.text, detection: 'analysis unavailable (the language server did not answer)' };
    }
    return renderContext(ctx);
  }

  private targetDocument(): TargetDocument | undefined {
    const uri = this.targetUri;
    if (!uri) return undefined;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!doc || doc.isClosed) return undefined;
    return { uri: doc.uri.toString(), fileName: vscode.workspace.asRelativePath(doc.uri), text: doc.getText() };
  }

  private trackTarget(editor: vscode.TextEditor | undefined): void {
    if (editor && isConfigDocument(editor.document)) this.targetUri = editor.document.uri;
  }

  private async applyProposal(id: string): Promise<void> {
    const p = this.proposals.get(id);
    if (!p) return this.setProposalState(id, 'stale', 'This proposal is no longer available (it was made before a reload or already handled). Ask again.');
    // Taken out before any await so a double click cannot apply it twice.
    this.proposals.delete(id);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(p.uri));
    if (doc.getText() !== p.originalText) {
      return this.setProposalState(id, 'stale', `${p.view.fileName} changed since this proposal was made, so it was not applied. Ask the advisor again.`);
    }
    const r = minimalReplacement(p.originalText, p.newText);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end)), r.text);
    // One WorkspaceEdit with one replacement: a single undo step.
    const ok = await vscode.workspace.applyEdit(edit);
    if (!ok) {
      this.proposals.set(id, p);
      return this.notice(`VS Code refused the edit to ${p.view.fileName} (is it read-only?).`, 'error');
    }
    this.notes.push(`(The user applied proposal ${id} to ${p.view.fileName}.)`);
    this.setProposalState(id, 'applied');
    await vscode.window.showTextDocument(doc, { preserveFocus: true, preview: false, selection: new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.start + r.text.length)) });
  }

  private discardProposal(id: string): void {
    if (this.proposals.delete(id)) this.notes.push(`(The user discarded proposal ${id}.)`);
    this.setProposalState(id, 'discarded');
  }

  private setProposalState(id: string, state: ProposalView['state'], message?: string): void {
    for (const item of this.items) if (item.kind === 'proposal' && item.proposal.id === id) item.proposal.state = state;
    void this.post({ type: 'proposalState', id, state });
    if (message) this.notice(message, 'error');
    this.persist();
  }

  private fail(error: AdvisorError): void {
    const action = error.action;
    this.push({
      kind: 'notice',
      level: 'error',
      text: error.userMessage,
      ...(action ? { action, actionLabel: action === 'setApiKey' ? 'Set API key' : 'Open settings' } : {}),
    });
    this.persist();
  }

  private notice(text: string, level: 'info' | 'error'): void {
    this.push({ kind: 'notice', text, level });
  }

  private push(item: DisplayItem): void {
    this.items.push(item);
    void this.post({ type: 'append', item });
  }

  private persist(): void {
    void this.context.workspaceState.update(STATE_KEY, toPersisted(this.items, this.history));
  }

  private async postState(): Promise<void> {
    const hasKey = (await readApiKey(this.context.secrets)) !== undefined;
    await this.post({ type: 'state', items: this.items, busy: this.busy, hasKey, model: readAdvisorSettings().model });
  }

  private async post(msg: ExtensionToWebview): Promise<void> {
    // A hidden view drops messages; it asks for the whole state again when it comes back ('ready').
    if (this.view) await this.view.webview.postMessage(msg).then(undefined, () => undefined);
  }

  private html(webview: vscode.Webview, distRoot: vscode.Uri): string {
    return advisorHtml({
      nonce: randomBytes(16).toString('base64'),
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(distRoot, 'advisor.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(distRoot, 'advisor.css')).toString(),
    });
  }
}

/** YAML or protobuf-text documents on disk or untitled: the files ServeScope analyses. */
export function isConfigDocument(doc: vscode.TextDocument): boolean {
  if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') return false;
  return doc.languageId === 'yaml' || doc.languageId === 'pbtxt' || /\.(ya?ml|pbtxt)$/i.test(doc.fileName);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timed out')), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
