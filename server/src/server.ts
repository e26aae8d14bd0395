/**
 * Language server wiring: capabilities, document sync, scheduling and publishing. Every
 * request that reads an analysis is relayed to the analysis side (lsp/session.ts), which
 * runs in a worker thread held to a hard budget (lsp/analysisThread.ts).
 */
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  DidChangeConfigurationNotification,
  DiagnosticSeverity,
  type Connection,
  type Diagnostic,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { SettingsCache } from './lsp/settings';
import { DID_ANALYZE, SET_FORMAT_OVERRIDE, type SetFormatOverrideParams } from './protocol/editor';
import type { FormatId, Settings } from './core/types';
import { docUrl } from './lsp/docLinks';
import { DISK_MODEL_FILES } from './modelFiles';
import { installModelFiles } from './core/capacity/models';
import { inProcess, inWorker, type AnalysisThread, type Outcome } from './lsp/analysisThread';
import type { Analysed, DocumentState, Job } from './lsp/session';

/**
 * Analysis runs in a worker thread (dist/analysisWorker.js) unless SERVESCOPE_ANALYSIS=in-process,
 * or the server runs unbundled from source, where there is no worker bundle to start.
 */
function analysisThread(connection: Connection, onRestart: (why: string, stopped?: Job) => void, onReanalyze: () => void): AnalysisThread {
  const onEvent = (e: { kind: 'reanalyze' } | { kind: 'log'; message: string }) => (e.kind === 'reanalyze' ? onReanalyze() : connection.console.error(e.message));
  const file = path.join(__dirname, 'analysisWorker.js');
  if (process.env.SERVESCOPE_ANALYSIS === 'in-process' || !fs.existsSync(file)) return inProcess(onEvent);
  return inWorker(file, onEvent, onRestart);
}

/** A job still running after this long is stopped: twice the analysis's own cooperative deadline. */
const hardBudgetMs = (s: Settings) => 2 * s.limits.timeBudgetMs;

/** One version of a document, as the analysis side is to read it. */
interface Readable {
  uri: string;
  languageId: string;
  version: number;
  text: string;
}

export function startServer(connection: Connection): void {
  // Local model directories and the Hugging Face cache, for every estimate the server makes.
  installModelFiles(DISK_MODEL_FILES);
  const documents = new TextDocuments(TextDocument);
  let configPull = false;
  let workspaceFolders: string[] = [];
  const settings = new SettingsCache(connection, () => configPull);
  const overrides = new Map<string, FormatId | null>();
  /** The version of each document the analysis side holds the text of (forgotten when its worker is replaced). */
  const sent = new Map<string, number>();
  /** The newest version of each document whose analysis finished, with its text: features answer from it while a newer one is over budget. */
  const lastGood = new Map<string, Readable>();
  /** Versions stopped at the hard budget; they are not analysed again. */
  const overBudget = new Map<string, number>();

  const thread = analysisThread(
    connection,
    (why, stopped) => {
      sent.clear();
      // Marked now, before the jobs that waited are sent again: they must read the last good version, not this one.
      const doc = stopped && 'doc' in stopped ? stopped.doc : undefined;
      if (doc) overBudget.set(doc.uri, doc.version);
      connection.console.log(`ServeScope: started a new analysis worker (${why}).`);
    },
    () => {
      for (const d of documents.all()) schedule(d);
    },
  );

  /** The version features should read: the current one, or the last good one while the current one is over budget. */
  const readable = (doc: TextDocument): Readable | undefined =>
    overBudget.get(doc.uri) !== doc.version ? { uri: doc.uri, languageId: doc.languageId, version: doc.version, text: doc.getText() } : lastGood.get(doc.uri);

  /** What the analysis side needs of one version; built synchronously right before the job is posted, so `sent` is current. */
  const stateOf = (v: Readable, s: Settings): DocumentState => {
    const known = sent.get(v.uri) === v.version;
    sent.set(v.uri, v.version);
    return { uri: v.uri, languageId: v.languageId, version: v.version, text: known ? undefined : v.text, settings: s, relativePath: relativeTo(workspaceFolders, v.uri), override: overrides.get(v.uri) ?? null };
  };

  /**
   * Runs a job about one document (`uri` undefined: about none), sending it again, with its text, if another job's
   * worker was replaced while it waited. Settings are awaited first and the version read after, since the document
   * object changes in place on every edit.
   */
  const runFor = async (uri: string | undefined, job: (state: DocumentState | undefined) => Job): Promise<{ o: Outcome; read?: Readable } | undefined> => {
    // Up to three replacements, and the fourth attempt runs on the fallback if the worker cannot start at all.
    for (let attempt = 0; attempt < 4; attempt++) {
      const s = uri ? await settings.get(uri) : undefined;
      const doc = uri ? documents.get(uri) : undefined;
      const read = doc && readable(doc);
      if (doc && !read) return undefined;
      const o = await thread.run(job(read && stateOf(read, s!)), s && hardBudgetMs(s));
      if (!('restarted' in o)) return { o, read };
    }
    return { o: { error: 'the analysis worker was replaced four times while this job waited' } };
  };

  connection.onInitialize((params): InitializeResult => {
    configPull = !!params.capabilities.workspace?.configuration;
    workspaceFolders = (params.workspaceFolders ?? []).map((f) => f.uri);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', ' ', '-', '{'] },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        documentSymbolProvider: true,
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'servescope' },
    };
  });

  connection.onInitialized(() => {
    thread.warm();
    if (configPull) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'servescope' }).catch(() => undefined);
  });

  // --- diagnostics: newest version wins, stale results are dropped ---------------
  const pending = new Map<string, NodeJS.Immediate>();
  const schedule = (doc: TextDocument) => {
    const prev = pending.get(doc.uri);
    if (prev) clearImmediate(prev);
    pending.set(
      doc.uri,
      setImmediate(() => {
        pending.delete(doc.uri);
        void validate(doc.uri);
      }),
    );
  };

  // One analysis per document at a time: edits that arrive meanwhile are analysed once, at their newest version,
  // when it returns (the loop is free while the worker analyses, so without this every keystroke would queue one).
  const analysing = new Set<string>();
  const again = new Set<string>();
  const validate = async (uri: string) => {
    if (analysing.has(uri)) return void again.add(uri);
    analysing.add(uri);
    try {
      await validateNow(uri);
    } finally {
      analysing.delete(uri);
      const doc = again.delete(uri) && documents.get(uri);
      if (doc) schedule(doc);
    }
  };
  /** Versions whose servescope/limit has been published (a request can be the job that ran past the budget). */
  const reported = new Map<string, number>();
  const reportOverBudget = async (uri: string, version: number) => {
    if (reported.get(uri) === version) return;
    reported.set(uri, version);
    const ms = hardBudgetMs(await settings.get(uri));
    if (documents.get(uri)?.version === version) await connection.sendDiagnostics({ uri, version, diagnostics: [overBudgetDiagnostic(ms, lastGood.has(uri))] });
  };
  const validateNow = async (uri: string) => {
    const doc = documents.get(uri);
    if (!doc) return;
    if (overBudget.get(uri) === doc.version) return reportOverBudget(uri, doc.version);
    const ran = await runFor(uri, (state) => ({ kind: 'analyze', doc: state! }));
    const current = documents.get(uri);
    if (!current) return;
    // Stopped at the budget, by this job or by a request that analysed the version first.
    if (overBudget.get(uri) === current.version) return reportOverBudget(uri, current.version);
    if (!ran?.read || current.version !== ran.read.version) return;
    const { o, read } = ran;
    if ('error' in o) {
      connection.console.error(`ServeScope: analysis of ${uri} failed: ${o.error}`);
      return;
    }
    if ('overBudgetMs' in o) return; // a stopped job of a version no longer current
    const r = (o as { value: Analysed }).value;
    lastGood.set(uri, read);
    await connection.sendDiagnostics({ uri, version: read.version, diagnostics: r.diagnostics });
    void connection.sendNotification(DID_ANALYZE, r.info);
  };

  documents.onDidOpen((e) => schedule(e.document));
  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    const p = pending.get(e.document.uri);
    if (p) clearImmediate(p);
    pending.delete(e.document.uri);
    void thread.run({ kind: 'close', uri: e.document.uri });
    sent.delete(e.document.uri);
    lastGood.delete(e.document.uri);
    overBudget.delete(e.document.uri);
    reported.delete(e.document.uri);
    settings.clear(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onDidChangeConfiguration(() => {
    settings.clear();
    void thread.run({ kind: 'invalidate' }).then(() => {
      for (const d of documents.all()) schedule(d);
    });
  });

  // A document is re-analysed when a file its analysis read through the host changes (the document's own version
  // did not move): a Triton config's model.json or engine config.json, its step models' config.pbtxt.
  connection.onDidChangeWatchedFiles((p) => {
    const files = p.changes.flatMap((c) => {
      try {
        return c.uri.startsWith('file:') ? [fileURLToPath(c.uri)] : [];
      } catch {
        return [];
      }
    });
    void thread.run({ kind: 'files', files }).then((o) => {
      const readers = new Set('value' in o ? (o.value as string[]) : []);
      for (const d of documents.all()) if (readers.has(d.uri)) schedule(d);
    });
  });

  connection.onNotification(SET_FORMAT_OVERRIDE, (p: SetFormatOverrideParams) => {
    if (p.format) overrides.set(p.uri, p.format);
    else overrides.delete(p.uri);
    const d = documents.get(p.uri);
    if (d) schedule(d);
  });

  // --- everything that reads an analysis is answered by the analysis side ------------------
  const relay = async (method: string, params: unknown): Promise<unknown> => {
    const uri = (params as { uri?: string; textDocument?: { uri?: string } } | null)?.textDocument?.uri ?? (params as { uri?: string } | null)?.uri;
    const ran = await runFor(uri, (state) => ({ kind: 'request', doc: state, method, params }));
    if (!ran || 'overBudgetMs' in ran.o) return null;
    const o = ran.o;
    if ('error' in o) {
      connection.console.error(`ServeScope: ${method} on ${uri} failed: ${o.error}`);
      throw new Error(o.error.split('\n')[0]);
    }
    return (o as { value: unknown }).value;
  };
  const feature = <T>(method: string, fallback: T) => (p: unknown) => relay(method, p).then((v) => (v ?? fallback) as T, () => fallback);
  connection.onHover(feature('textDocument/hover', null));
  connection.onCompletion(feature('textDocument/completion', []));
  connection.onCodeAction(feature('textDocument/codeAction', []));
  connection.onDocumentSymbol(feature('textDocument/documentSymbol', []));
  connection.onCodeLens(feature('textDocument/codeLens', []));
  for (const method of thread.methods) if (!method.startsWith('textDocument/')) connection.onRequest(method, (p: unknown) => relay(method, p));
  connection.onShutdown(() => thread.dispose());

  documents.listen(connection);
  connection.listen();
}

/** What is published for a version stopped at the hard budget. */
function overBudgetDiagnostic(ms: number, hasLastGood: boolean): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Warning,
    code: 'servescope/limit',
    codeDescription: { href: docUrl('servescope/limit') },
    source: 'servescope',
    message: `ServeScope stopped analysing this version after ${ms} ms (twice servescope.limits.timeBudgetMs), so nothing else is reported for it. ${hasLastGood ? 'Hover and completion answer from the last version that finished.' : 'No earlier version finished, so hover and completion have nothing to answer from.'} The next edit is analysed again.`,
    data: { budgetMs: ms },
  };
}

function relativeTo(folders: string[], uri: string): string | undefined {
  for (const f of folders) {
    if (uri.startsWith(f.endsWith('/') ? f : f + '/')) {
      try {
        return path.relative(fileURLToPath(f), fileURLToPath(uri)).split(path.sep).join('/');
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

// Runs as `node dist/server.js --stdio` (tests, other editors) or over IPC from the VS Code client.
if (require.main === module) {
  const connection = createConnection(ProposedFeatures.all);
  process.on('uncaughtException', (err) => connection.console.error(`ServeScope: uncaught ${err.stack ?? err}`));
  startServer(connection);
}
