/**
 * `servescope/planCapacity`: the advisor's plan_capacity tool, answered by the
 * SLA planner for the open document's model through the same request builder
 * as `servescope plan` (core/planner/planBase.ts). The handler is a pure
 * function of the analysis and the ask; registering it is the only LSP part.
 */
import type { Analysis } from '../core/analysis';
import { baseFromAnalysis, planFromAsk } from '../core/planner/planBase';
import { toPlanJson } from '../core/planner/report';
import { rates } from '../core/planner/traffic';
import { renderTopology } from '../core/topology/diagram';
import type { AnalysisStore, OpenDocuments, RequestRegistry } from './documents';
import { PLAN_CAPACITY_METHOD, type PlanCapacityInput, type PlanCapacityParams, type PlanCapacityResult } from '../protocol/advisor';

/** Alternatives listed next to the chosen plan: enough to compare, few enough for the model's context. */
const MAX_ALTERNATIVES = 4;

/** The planner's answer for the document's first vLLM deployment at the asked traffic and SLO. */
export function planCapacityFor(a: Analysis, ask: PlanCapacityInput): PlanCapacityResult {
  const b = baseFromAnalysis(a);
  if ('error' in b) return { ok: false, error: `this file ${b.error}` };
  const gpus = ask.gpus?.length ? ask.gpus : b.gpu ? [b.gpu] : undefined;
  const planned = planFromAsk({
    base: b.base,
    peakRps: ask.rps,
    avgRps: ask.avg_rps,
    inputLen: ask.input_len,
    outputLen: ask.output_len,
    slo: ask.slo,
    gpus,
    objective: ask.objective,
    budgetUsdPerHour: ask.budget_usd_per_hour,
    // No chart is drawn from a tool result: the curve would only cost tokens and time.
    curvePoints: 0,
  });
  if (!planned.ok) return { ok: false, error: `${planned.error.field} ${planned.error.message}` };
  const j = toPlanJson(planned.result) as { ok: boolean; errors?: string[]; chosen: number; frontier: number[]; plans: Record<string, unknown>[] } & Record<string, unknown>;
  if (!j.ok) return { ok: false, error: (j.errors ?? []).join('; ') };
  const chosen = j.plans[j.chosen];
  // The same drawing `servescope plan --diagram` prints, so the advisor's topology matches the engine's.
  const plan = planned.result.plans[planned.result.chosen];
  const r = rates(planned.request.traffic);
  const framework = a.detection.format ?? 'vllm';
  const diagram = plan ? renderTopology({ framework, plan, slo: planned.request.slo, peakRps: r.peak, avgRps: r.avg }) : undefined;
  const alternatives = j.frontier.filter((i) => i !== j.chosen).slice(0, MAX_ALTERNATIVES).map((i) => j.plans[i]);
  return {
    ok: true,
    slo: j.slo,
    objective: j.objective,
    meets_slo: chosen?.meets_slo ?? false,
    ...(j.unreachable ? { unreachable: j.unreachable } : {}),
    chosen,
    alternatives,
    candidates_considered: j.plans.length,
    ...(diagram ? { diagram } : {}),
    assumptions: j.assumptions,
  };
}

export function registerPlanCapacity(connection: RequestRegistry, documents: OpenDocuments, store: AnalysisStore): void {
  connection.onRequest(PLAN_CAPACITY_METHOD, async (p: PlanCapacityParams): Promise<PlanCapacityResult> => {
    const doc = documents.get(p.uri);
    if (!doc) return { ok: false, error: `ServeScope has no open document ${p.uri}` };
    return planCapacityFor(await store.get(doc), p.ask);
  });
}
