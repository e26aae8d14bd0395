/**
 * The analysis side of the language server: the open documents as analysis sees them,
 * the analysis store, and one handler per request that needs an Analysis. It runs in
 * the analysis worker (`analysisWorker.ts`), or on the server's own loop when analysis
 * is kept in-process; either way server.ts reaches it only through `Job` messages
 * (`analysisThread.ts`), so what crosses the thread boundary is text and settings in,
 * LSP JSON out. Trees, line indexes, origin maps and the host never leave this side.
 */
import type { Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../core/analysis';
import { summaryLine } from '../core/capacity/summary';
import type { FormatId, Settings } from '../core/types';
import { DISK_HOST } from '../diskHost';
import { DOCUMENT_INFO, type DidAnalyzeParams, type DocumentInfoParams } from '../protocol/editor';
import { registerAdvisorRequests } from './advisorRequests';
import { registerArchitectureRequest } from './architectureRequest';
import { toDiagnostic } from './convert';
import { AnalysisStore } from './documents';
import { codeActions, codeLenses, completion, hover, symbols } from './features';
import { createHubFetcher } from './hubFetch';
import { registerPlanCapacity } from './planCapacityRequest';
import { registerPlanRequests } from './planRequests';

/** One document version as the server hands it over: `text` is left out when the analysis side already has this version. */
export interface DocumentState {
  uri: string;
  languageId: string;
  version: number;
  text?: string;
  settings: Settings;
  relativePath?: string;
  override: FormatId | null;
}

export type Job =
  | { kind: 'analyze'; doc: DocumentState }
  /** `doc` is absent when the server has no such open document; the handler then answers as it does for one it does not know. */
  | { kind: 'request'; doc?: DocumentState; method: string; params: unknown }
  | { kind: 'close'; uri: string }
  | { kind: 'invalidate'; uri?: string }
  /** Files changed on disk: forgets their texts, returns the uris of the documents whose analysis read them. */
  | { kind: 'files'; files: string[] };

export interface Analysed {
  uri: string;
  version: number;
  diagnostics: Diagnostic[];
  info: DidAnalyzeParams;
}

/** Pushed by the analysis side unasked: a Hub fetch finished, so every open document is analysed again. */
export type SessionEvent = { kind: 'reanalyze' } | { kind: 'log'; message: string };

type Handler = (params: unknown) => unknown;

export class AnalysisSession {
  private readonly docs = new Map<string, TextDocument>();
  private readonly states = new Map<string, DocumentState>();
  private readonly handlers = new Map<string, Handler>();
  private readonly store: AnalysisStore;
  private readonly fetchUnknownModels: (a: Analysis) => void;

  constructor(private readonly emit: (e: SessionEvent) => void) {
    this.store = new AnalysisStore(
      (uri) => Promise.resolve(this.states.get(uri)!.settings),
      (uri) => this.states.get(uri)?.relativePath,
    );
    this.fetchUnknownModels = createHubFetcher(() => {
      this.store.invalidate();
      emit({ kind: 'reanalyze' });
    });
    const docs = { get: (uri: string) => this.docs.get(uri) };
    const registry = { onRequest: (method: string, h: (p: never) => unknown) => this.handlers.set(method, (p) => h(p as never)) };
    registerAdvisorRequests(registry, docs, this.store);
    registerPlanCapacity(registry, docs, this.store);
    registerPlanRequests(registry, docs, this.store);
    registerArchitectureRequest(registry, docs, this.store);
    registry.onRequest(DOCUMENT_INFO, async (p: DocumentInfoParams) => {
      const d = this.docs.get(p.uri);
      return d ? info(await this.store.get(d), d.version) : null;
    });
    const at = (uri: string, pos: { line: number; character: number }) => this.docs.get(uri)!.offsetAt(pos);
    type Pos = { textDocument: { uri: string }; position: { line: number; character: number } };
    this.feature('textDocument/hover', (a, p: Pos) => hover(a, at(a.uri, p.position)));
    this.feature('textDocument/completion', (a, p: Pos) => completion(a, at(a.uri, p.position)));
    this.feature('textDocument/codeAction', (a, p: { context: { diagnostics: Diagnostic[] } }) => codeActions(a, p.context.diagnostics));
    this.feature('textDocument/documentSymbol', (a) => symbols(a));
    this.feature('textDocument/codeLens', (a) => codeLenses(a));
  }

  /** The request methods this side answers; the server relays exactly these. */
  get methods(): string[] {
    return [...this.handlers.keys()];
  }

  async run(job: Job): Promise<unknown> {
    switch (job.kind) {
      case 'analyze': {
        const doc = this.update(job.doc);
        const a = await this.store.get(doc);
        this.fetchUnknownModels(a);
        return { uri: doc.uri, version: doc.version, diagnostics: a.findings.map((f) => toDiagnostic(a, f)), info: info(a, doc.version) } satisfies Analysed;
      }
      case 'request': {
        if (job.doc) this.update(job.doc);
        const h = this.handlers.get(job.method);
        if (!h) throw new Error(`no handler for ${job.method}`);
        return h(job.params);
      }
      case 'close':
        this.docs.delete(job.uri);
        this.states.delete(job.uri);
        this.store.close(job.uri);
        return null;
      case 'invalidate':
        this.store.invalidate(job.uri);
        return null;
      case 'files': {
        DISK_HOST.forget(job.files);
        const readers = this.store.readersOf(job.files);
        for (const uri of readers) this.store.invalidate(uri);
        return readers;
      }
    }
  }

  private feature<P>(method: string, fn: (a: Analysis, params: P) => unknown): void {
    this.handlers.set(method, async (params) => {
      const doc = this.docs.get((params as { textDocument: { uri: string } }).textDocument.uri);
      return doc ? fn(await this.store.get(doc), params as P) : null;
    });
  }

  private update(s: DocumentState): TextDocument {
    // Settings changes arrive as an `invalidate` job; the format override travels with every state.
    if ((this.states.get(s.uri)?.override ?? null) !== s.override) this.store.setOverride(s.uri, s.override);
    this.states.set(s.uri, s);
    let doc = this.docs.get(s.uri);
    if (s.text !== undefined) {
      doc = TextDocument.create(s.uri, s.languageId, s.version, s.text);
      this.docs.set(s.uri, doc);
    }
    if (!doc || doc.version !== s.version) throw new Error(`ServeScope's analysis side has no text of ${s.uri} version ${s.version}`);
    return doc;
  }
}

export function info(a: Analysis, version: number): DidAnalyzeParams {
  return {
    uri: a.uri,
    version,
    format: a.detection.format,
    schema: a.detection.schema,
    reason: a.detection.reason,
    detail: a.detection.detail,
    summary: summaryLine(a),
    errors: a.findings.filter((f) => f.severity === 'error').length,
    warnings: a.findings.filter((f) => f.severity === 'warning').length,
    elapsedMs: Math.round(a.elapsedMs * 10) / 10,
  };
}
