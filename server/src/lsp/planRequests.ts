/**
 * `servescope/planDocument`: the plan view's data for an open document, and for
 * each row the checked edit "Apply to this file" would make. The planning and the
 * edits happen in the core; this adapter only finds the analysis and converts offsets.
 */
import { planForDocument } from '../core/planner/planView';
import { baseFromAnalysis } from '../core/planner/planBase';
import { planEdits } from '../core/planner/planEdits';
import { analyzeLikeDocument } from './advisorRequests';
import { toRange } from './convert';
import type { AnalysisStore, OpenDocuments, RequestRegistry } from './documents';
import { PLAN_DOCUMENT, type PlanApply, type PlanDocumentParams, type PlanDocumentResult } from '../protocol/editor';

export function registerPlanRequests(connection: RequestRegistry, documents: OpenDocuments, store: AnalysisStore): void {
  connection.onRequest(PLAN_DOCUMENT, async (p: PlanDocumentParams): Promise<PlanDocumentResult> => {
    const doc = documents.get(p.uri);
    if (!doc) throw new Error(`ServeScope has no open document ${p.uri}`);
    const a = await store.get(doc);
    const { view, result } = planForDocument(a, p.inputs ?? {});
    const b = baseFromAnalysis(a);
    const apply = view.rows.map((row): PlanApply => {
      if (!result || 'error' in b) return { edits: [], changes: [], manual: [], refused: 'no plan to apply' };
      const e = planEdits(a, b.index, result.plans[row.plan], (text) => analyzeLikeDocument(a, doc.languageId, text));
      return { ...e, edits: e.edits.map((x) => ({ range: toRange(a, x.range), newText: x.newText })) };
    });
    return { ...view, uri: p.uri, version: doc.version, apply };
  });
}
