/**
 * `servescope/architecture`: the advisor panel's deterministic part for an open document.
 * The view is built in the core (architectureFor); this adapter finds the analysis and
 * the file's path, which names the artifacts and, for Triton, the model.
 */
import { fileURLToPath } from 'node:url';
import { architectureFor } from '../core/planner/architecture';
import type { Analysis } from '../core/analysis';
import type { AnalysisStore, OpenDocuments, RequestRegistry } from './documents';
import { analyzeLikeDocument } from './advisorRequests';
import { toRange } from './convert';
import { ARCHITECTURE, type ArchitectureParams, type ArchitectureResult } from '../protocol/editor';

/** The pure part, so tests can call it on an analysis without a connection. */
export function architectureResult(a: Analysis, uri: string, version: number, languageId?: string): ArchitectureResult {
  // An untitled document has no directory; its name still gives the artifacts one.
  const file = uri.startsWith('file:') ? fileURLToPath(uri) : uri.replace(/^[a-z-]+:/i, '') || 'config.yaml';
  const { proposal, ...view } = architectureFor(a, file, { recheck: (text) => analyzeLikeDocument(a, languageId, text) });
  return { ...view, uri, version, proposal: proposal && { ...proposal, edits: proposal.edits.map((e) => ({ range: toRange(a, e.range), newText: e.newText })) } };
}

export function registerArchitectureRequest(connection: RequestRegistry, documents: OpenDocuments, store: AnalysisStore): void {
  connection.onRequest(ARCHITECTURE, async (p: ArchitectureParams): Promise<ArchitectureResult> => {
    const doc = documents.get(p.uri);
    if (!doc) throw new Error(`ServeScope has no open document ${p.uri}`);
    return architectureResult(await store.get(doc), p.uri, doc.version, doc.languageId);
  });
}
