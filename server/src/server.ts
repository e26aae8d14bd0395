/**
 * Language server wiring: capabilities, document sync, and one handler per feature,
 * each a thin call into the analysis store and the core.
 */
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  DidChangeConfigurationNotification,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { AnalysisStore } from './lsp/documents';
import { SettingsCache } from './lsp/settings';
import { toDiagnostic } from './lsp/convert';
import { codeActions, codeLenses, completion, hover, symbols } from './lsp/features';
import { DID_ANALYZE, DOCUMENT_INFO, SET_FORMAT_OVERRIDE, type DidAnalyzeParams, type DocumentInfoParams, type SetFormatOverrideParams } from './protocol/editor';
import type { Analysis } from './core/analysis';
import { summaryLine } from './core/capacity/summary';
import { registerAdvisorRequests } from './lsp/advisorRequests';
import { createHubFetcher } from './lsp/hubFetch';
import { registerPlanCapacity } from './lsp/planCapacityRequest';
import { registerPlanRequests } from './lsp/planRequests';
import { DISK_HOST } from './diskHost';
import { DISK_MODEL_FILES } from './modelFiles';
import { installModelFiles } from './core/capacity/models';
import { registerArchitectureRequest } from './lsp/architectureRequest';

export function startServer(connection: Connection): void {
  // Local model directories and the Hugging Face cache, for every estimate the server makes.
  installModelFiles(DISK_MODEL_FILES);
  const documents = new TextDocuments(TextDocument);
  let configPull = false;
  let workspaceFolders: string[] = [];
  const settings = new SettingsCache(connection, () => configPull);
  const store = new AnalysisStore(
    (uri) => settings.get(uri),
    (uri) => relativeTo(workspaceFolders, uri),
  );

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

  const validate = async (uri: string) => {
    const doc = documents.get(uri);
    if (!doc) return;
    let analysis: Analysis;
    try {
      analysis = await store.get(doc);
    } catch (err) {
      connection.console.error(`ServeScope: analysis of ${uri} failed: ${err instanceof Error ? err.stack : err}`);
      return;
    }
    const current = documents.get(uri);
    if (!current || current.version !== doc.version) return;
    await connection.sendDiagnostics({ uri, version: doc.version, diagnostics: analysis.findings.map((f) => toDiagnostic(analysis, f)) });
    void connection.sendNotification(DID_ANALYZE, info(analysis, doc.version));
    fetchUnknownModels(analysis);
  };
  // A model fetched from the Hub (or refused by it) changes every open document's estimates.
  const fetchUnknownModels = createHubFetcher(() => {
    store.invalidate();
    for (const d of documents.all()) schedule(d);
  });

  documents.onDidOpen((e) => schedule(e.document));
  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    const p = pending.get(e.document.uri);
    if (p) clearImmediate(p);
    pending.delete(e.document.uri);
    store.close(e.document.uri);
    settings.clear(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onDidChangeConfiguration(() => {
    settings.clear();
    store.invalidate();
    for (const d of documents.all()) schedule(d);
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
    DISK_HOST.forget(files);
    const readers = new Set(store.readersOf(files));
    for (const d of documents.all()) {
      if (!readers.has(d.uri)) continue;
      store.invalidate(d.uri);
      schedule(d);
    }
  });

  connection.onNotification(SET_FORMAT_OVERRIDE, (p: SetFormatOverrideParams) => {
    store.setOverride(p.uri, p.format);
    const d = documents.get(p.uri);
    if (d) schedule(d);
  });

  connection.onRequest(DOCUMENT_INFO, async (p: DocumentInfoParams) => {
    const d = documents.get(p.uri);
    if (!d) return null;
    return info(await store.get(d), d.version);
  });

  // --- editing features ---------------------------------------------------------------
  const withAnalysis = async <T>(uri: string, fn: (a: Analysis, doc: TextDocument) => T, fallback: T): Promise<T> => {
    const doc = documents.get(uri);
    if (!doc) return fallback;
    try {
      return fn(await store.get(doc), doc);
    } catch (err) {
      connection.console.error(`ServeScope: request on ${uri} failed: ${err instanceof Error ? err.stack : err}`);
      return fallback;
    }
  };

  connection.onHover((p) => withAnalysis(p.textDocument.uri, (a, doc) => hover(a, doc.offsetAt(p.position)), null));
  connection.onCompletion((p) => withAnalysis(p.textDocument.uri, (a, doc) => completion(a, doc.offsetAt(p.position)), []));
  connection.onCodeAction((p) => withAnalysis(p.textDocument.uri, (a) => codeActions(a, p.context.diagnostics), []));
  connection.onDocumentSymbol((p) => withAnalysis(p.textDocument.uri, (a) => symbols(a), []));
  connection.onCodeLens((p) => withAnalysis(p.textDocument.uri, (a) => codeLenses(a), []));

  registerAdvisorRequests(connection, documents, store);
  registerPlanCapacity(connection, documents, store);
  registerPlanRequests(connection, documents, store);
  registerArchitectureRequest(connection, documents, store);

  documents.listen(connection);
  connection.listen();
}

function info(a: Analysis, version: number): DidAnalyzeParams {
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
