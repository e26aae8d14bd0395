/**
 * `AnalysisBridge` over the language server's custom requests. The advisor
 * never analyses text itself: every finding and number comes from the same
 * core call the diagnostics use.
 */
import {
  ADVISOR_CONTEXT_METHOD,
  CHECK_METHOD,
  ESTIMATE_METHOD,
  PLAN_CAPACITY_METHOD,
  type AdvisorContext,
  type AdvisorContextParams,
  type AnalysisBridge,
  type CheckParams,
  type CheckResult,
  type EstimateParams,
  type EstimateResult,
  type PlanCapacityParams,
  type PlanCapacityResult,
} from './protocol';
import { ARCHITECTURE, type ArchitectureParams, type ArchitectureResult } from '../../../server/src/protocol/editor';

/** The one method of `LanguageClient` the bridge needs (kept structural so tests can pass a fake). */
export interface RequestSender {
  sendRequest<R>(method: string, params: unknown): Promise<R>;
}

/** Wraps a started `LanguageClient` (or anything that sends requests) as the advisor's bridge. */
export function createLspBridge(client: RequestSender): AnalysisBridge {
  return {
    context: (uri) => client.sendRequest<AdvisorContext>(ADVISOR_CONTEXT_METHOD, { uri } satisfies AdvisorContextParams),
    estimate: (uri, whatIf) => client.sendRequest<EstimateResult>(ESTIMATE_METHOD, { uri, whatIf } satisfies EstimateParams),
    check: (uri, text) => client.sendRequest<CheckResult>(CHECK_METHOD, { uri, text } satisfies CheckParams),
    planCapacity: (uri, ask) => client.sendRequest<PlanCapacityResult>(PLAN_CAPACITY_METHOD, { uri, ask } satisfies PlanCapacityParams),
    architecture: (uri) => client.sendRequest<ArchitectureResult>(ARCHITECTURE, { uri } satisfies ArchitectureParams),
  };
}
