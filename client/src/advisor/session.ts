/**
 * One workspace's advisor conversation: runs turns, keeps the transcript and
 * the API history, holds pending proposals, and applies one only when the
 * webview reports a click on its Apply button. Pure: everything the editor
 * provides comes through `EditorPort`, so tests drive the real flow without
 * VS Code.
 */
import type { AnthropicClientOptions } from './anthropicClient';
import { renderContext, runTurn, trimHistory, type ChatMessage, type ModelClient } from './conversation';
import { AdvisorError, noKeyError } from './errors';
import { minimalReplacement, type Proposal } from './proposals';
import {
  parseWebviewMessage,
  type AdvisorContext,
  type AnalysisBridge,
  type DisplayItem,
  type ExtensionToWebview,
  type ProposalView,
  type WebviewCommand,
} from './protocol';
import { SYSTEM_PROMPT } from './systemPrompt';
import { ArchitectureSection, type ArchitecturePort } from './architecture';
import { withTimeout } from './timeout';
import { createAdvisorTools, type TargetDocument } from './tools';
import { applyDelta, finishStreaming, fromPersisted, toPersisted, type PersistedConversation } from './transcript';

/** What the session needs from the editor. */
export interface EditorPort extends ArchitecturePort {
  /** The config the conversation is about, read now; undefined when none is open. */
  targetDocument(): TargetDocument | undefined;
  /** The current text of `uri` (opening it if needed); undefined if it can't be read. */
  readDocument(uri: string): Promise<string | undefined>;
  /** Replaces [start, end) of `uri` with `text` as ONE undoable edit. Resolves false when the editor refused. */
  applyEdit(uri: string, start: number, end: number, text: string): Promise<boolean>;
  /** Shows the edited range after Apply. */
  reveal?(uri: string, start: number, end: number): Promise<void>;
  /** SecretStorage, then ANTHROPIC_API_KEY. */
  apiKey(): Promise<string | undefined>;
  settings(): { model: string; baseUrl: string | undefined };
  persist(state: PersistedConversation): void;
  /** Delivers to the webview if it is showing; dropped otherwise (it asks for the state on 'ready'). */
  post(msg: ExtensionToWebview): void;
  runCommand(command: WebviewCommand): void;
}

export interface SessionOptions {
  /** Defaults to the Anthropic client, loaded on first use. */
  createModel?: (opts: AnthropicClientOptions) => ModelClient;
  newId?: () => string;
  /** How long to wait for the language server's context before asking without it. */
  contextTimeoutMs?: number;
}

export class AdvisorSession {
  private items: DisplayItem[];
  private history: ChatMessage[];
  private readonly proposals = new Map<string, Proposal>();
  /** Facts the model should know at the next question (e.g. the user applied a proposal). */
  private notes: string[] = [];
  private running: AbortController | undefined;
  private runningTurn: Promise<void> | undefined;
  /** Bumped by New conversation, so a turn still winding down can't write into the new one. */
  private generation = 0;
  /** The deterministic part above the chat. */
  readonly architecture: ArchitectureSection;

  constructor(
    private readonly bridge: AnalysisBridge,
    private readonly port: EditorPort,
    private readonly options: SessionOptions = {},
    restored?: unknown,
  ) {
    this.architecture = new ArchitectureSection(bridge, port);
    const r = fromPersisted(restored);
    this.items = r.items;
    this.history = r.history;
  }

  /** True while an answer is streaming. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** A copy of the transcript. */
  get transcript(): DisplayItem[] {
    return structuredClone(this.items);
  }

  /** Resolves when the current answer (if any) has finished. */
  idle(): Promise<void> {
    return this.runningTurn ?? Promise.resolve();
  }

  /** Handles a message from the webview; anything that fails validation is ignored. */
  async handleMessage(raw: unknown): Promise<void> {
    const msg = parseWebviewMessage(raw);
    if (!msg) return;
    switch (msg.type) {
      case 'ready':
        // The architecture needs no key and no question: it is planned whenever the view (re)opens.
        void this.architecture.refresh();
        return this.postState();
      case 'send':
        return this.ask(msg.text);
      case 'stop':
        return this.stop();
      case 'newConversation':
        return this.newConversation();
      case 'apply':
        return this.applyProposal(msg.proposalId);
      case 'discard':
        return this.discardProposal(msg.proposalId);
      case 'command':
        return this.port.runCommand(msg.command);
      case 'saveArtifact':
        return this.architecture.save(msg.index);
      case 'applyArchitecture':
        return this.architecture.apply();
    }
  }

  /** Asks `question` about the target document and streams the answer. */
  ask(question: string): Promise<void> {
    const turn = this.runQuestion(question);
    if (this.running) this.runningTurn = turn;
    return turn;
  }

  stop(): void {
    this.running?.abort();
  }

  newConversation(): void {
    this.running?.abort();
    this.running = undefined;
    this.generation++;
    this.items = [];
    this.history = [];
    this.notes = [];
    this.proposals.clear();
    this.persist();
    void this.postState();
  }

  async postState(): Promise<void> {
    const hasKey = (await this.port.apiKey()) !== undefined;
    this.port.post({ type: 'state', items: this.items, busy: this.busy, hasKey, model: this.port.settings().model });
  }

  // -------------------------------------------------------------------------

  private async runQuestion(question: string): Promise<void> {
    if (this.running) {
      this.notice('An answer is still being written. Press Stop (or Escape) first, then ask again.', 'info');
      return;
    }
    const ac = new AbortController();
    const generation = this.generation;
    const current = () => generation === this.generation;
    this.running = ac;
    this.push({ kind: 'user', text: question });
    this.port.post({ type: 'busy', busy: true });
    try {
      const apiKey = await this.port.apiKey();
      if (!apiKey) throw noKeyError();
      const doc = this.port.targetDocument();
      const context = doc ? await this.groundedContext(doc) : undefined;
      const settings = this.port.settings();
      // Loaded on first use: the SDK is most of the advisor's weight and activation shouldn't pay for it.
      const createModel = this.options.createModel ?? (await import('./anthropicClient')).createAnthropicModelClient;
      const model = createModel({ apiKey, baseURL: settings.baseUrl, model: settings.model });
      const tools = createAdvisorTools({
        bridge: this.bridge,
        getDocument: () => this.port.targetDocument(),
        onProposal: (p) => {
          if (!current()) return;
          this.proposals.set(p.id, p);
          this.push({ kind: 'proposal', proposal: p.view });
        },
        newId: this.options.newId ?? (() => globalThis.crypto.randomUUID()),
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
          if (current() && applyDelta(this.items, delta)) this.port.post({ type: 'delta', text: delta });
        },
        onTool: (e) => {
          if (current()) this.push({ kind: 'tool', text: e.summary, isError: e.isError || undefined });
        },
        signal: ac.signal,
      });
      if (!current()) return;
      this.history = trimHistory(result.history);
      finishStreaming(this.items, result.status);
      if (result.status === 'cancelled') this.notice('Stopped.', 'info');
      else if (result.error) this.fail(result.error);
    } catch (err) {
      if (!current()) return;
      finishStreaming(this.items, 'error');
      this.fail(err instanceof AdvisorError ? err : new AdvisorError('unknown', `The advisor failed: ${String((err as Error)?.message ?? err)}`));
    } finally {
      if (this.running === ac) this.running = undefined;
      if (current()) {
        this.persist();
        void this.postState();
      }
    }
  }

  /** ServeScope's analysis of the document; a failing server must not block the question. */
  private async groundedContext(doc: TargetDocument): Promise<string> {
    let ctx: AdvisorContext;
    try {
      ctx = await withTimeout(this.bridge.context(doc.uri), this.options.contextTimeoutMs ?? 8_000);
      if (ctx.text === undefined) ctx = { ...ctx, text: doc.text };
    } catch {
      ctx = { uri: doc.uri, format: null, findings: [], text: doc.text, detection: 'analysis unavailable (the language server did not answer)' };
    }
    return renderContext(ctx);
  }

  private async applyProposal(id: string): Promise<void> {
    const p = this.proposals.get(id);
    if (!p) return this.setProposalState(id, 'stale', 'This proposal is no longer available (it was made before a reload or already handled). Ask again.');
    // Taken out before any await so a double click cannot apply it twice.
    this.proposals.delete(id);
    const text = await this.port.readDocument(p.uri);
    if (text !== p.originalText) {
      return this.setProposalState(id, 'stale', `${p.view.fileName} changed since this proposal was made, so it was not applied. Ask the advisor again.`);
    }
    const r = minimalReplacement(p.originalText, p.newText);
    const ok = await this.port.applyEdit(p.uri, r.start, r.end, r.text);
    if (!ok) {
      this.proposals.set(id, p);
      return this.notice(`The editor refused the edit to ${p.view.fileName} (is it read-only?).`, 'error');
    }
    this.notes.push(`(The user applied proposal ${id} to ${p.view.fileName}.)`);
    this.setProposalState(id, 'applied');
    await this.port.reveal?.(p.uri, r.start, r.start + r.text.length);
  }

  private discardProposal(id: string): void {
    if (this.proposals.delete(id)) this.notes.push(`(The user discarded proposal ${id}.)`);
    this.setProposalState(id, 'discarded');
  }

  private setProposalState(id: string, state: ProposalView['state'], message?: string): void {
    for (const item of this.items) if (item.kind === 'proposal' && item.proposal.id === id) item.proposal.state = state;
    this.port.post({ type: 'proposalState', id, state });
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
  }

  private notice(text: string, level: 'info' | 'error'): void {
    this.push({ kind: 'notice', text, level });
  }

  private push(item: DisplayItem): void {
    this.items.push(item);
    this.port.post({ type: 'append', item });
  }

  private persist(): void {
    this.port.persist(toPersisted(this.items, this.history));
  }
}
