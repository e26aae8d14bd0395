/**
 * The one way a plan request is built, whoever asks: `servescope plan` from its
 * flags and the advisor's `plan_capacity` tool from its JSON both describe the
 * ask as a `PlanAsk`; the defaults (SLO, lengths, traffic preset, engine
 * generation) and the notes they leave in the assumptions are applied here.
 */
import type { Analysis } from '../analysis';
import type { EstimateInput } from '../capacity/types';
import type { EstimateContext } from '../capacity/estimate';
import type { FlagArgs } from '../engineArgs/flags';
import type { FleetOptions } from './fleet';
import { planCapacity, type Objective, type PlanRequest, type PlanResult } from './plan';
import { presetNames, trafficPreset } from './presets';
import { parseSlo } from './slo';
import { engineForVersion } from '../capacity/releases';
import { inputFor } from '../capacity/planEstimate';

/** The SLO users most often state for interactive chat when they pass none; said in the output. */
export const DEFAULT_SLO = 'ttft:p95<1000ms;tpot:p95<100ms';

const OBJECTIVES: Objective[] = ['cost', 'throughput', 'latency'];

export interface PlanAsk {
  base: PlanRequest['base'];
  peakRps: number;
  avgRps?: number;
  hourly?: number[];
  inputLen?: number;
  outputLen?: number;
  inputSpread?: number;
  outputSpread?: number;
  preset?: string;
  prefixHitRatio?: number;
  burstiness?: number;
  /** `ttft:p95<800ms;tpot:p95<60ms`; default DEFAULT_SLO. */
  slo?: string;
  gpus?: string[];
  /** Lists to search over (tensor sizes, quantizations, KV dtypes, max_num_seqs), as the engine-argument table names them. */
  search?: FlagArgs['search'];
  objective?: string;
  budgetUsdPerHour?: number;
  maxGpus?: number;
  fleet?: FleetOptions;
  vllmVersion?: string;
  requests?: number;
  seed?: number;
  /** Points of the rate → latency curve (default 12; 0 when nobody draws it). */
  curvePoints?: number;
}

/** A problem with one field of the ask; the caller names the field its own way (`--slo`, `slo`). */
export interface AskError {
  field: 'preset' | 'slo' | 'objective' | 'vllm-version';
  message: string;
}

export type BuiltPlan = { ok: true; req: PlanRequest; notes: string[] } | { ok: false; error: AskError };

export function buildPlanRequest(ask: PlanAsk): BuiltPlan {
  const preset = ask.preset !== undefined ? trafficPreset(ask.preset) : undefined;
  if (ask.preset !== undefined && !preset) return fail('preset', `must be one of ${presetNames().join(', ')} (got "${ask.preset}")`);
  const slo = parseSlo(ask.slo ?? DEFAULT_SLO);
  if ('error' in slo) return fail('slo', slo.error);
  const objective = (ask.objective ?? 'cost') as Objective;
  if (!OBJECTIVES.includes(objective)) return fail('objective', `must be cost, throughput or latency (got "${ask.objective}")`);
  const engine = ask.vllmVersion !== undefined ? engineForVersion(ask.vllmVersion) : undefined;
  if (ask.vllmVersion !== undefined && !engine) return fail('vllm-version', `must be a release number such as 0.11.0 (got "${ask.vllmVersion}")`);
  const s = ask.search ?? {};
  const req: PlanRequest = {
    base: { ...ask.base, ...(engine && { engine: engine.engine, vllmVersion: engine.release }) },
    traffic: {
      peakRps: ask.peakRps,
      avgRps: ask.avgRps,
      hourly: ask.hourly,
      input: { mean: ask.inputLen ?? preset?.input.mean ?? 1024, spread: ask.inputSpread ?? preset?.input.spread },
      output: { mean: ask.outputLen ?? preset?.output.mean ?? 256, spread: ask.outputSpread ?? preset?.output.spread },
      prefixHitRatio: ask.prefixHitRatio ?? preset?.prefixHitRatio,
      burstiness: ask.burstiness,
    },
    slo,
    gpus: ask.gpus,
    tensorParallel: s.tensorParallel as number[] | undefined,
    quantizations: s.quantizations as (string | undefined)[] | undefined,
    kvCacheDtypes: s.kvCacheDtypes as (string | undefined)[] | undefined,
    maxNumSeqs: s.maxNumSeqs as number[] | undefined,
    objective,
    budgetUsdPerHour: ask.budgetUsdPerHour,
    maxGpus: ask.maxGpus,
    fleet: ask.fleet,
    requests: ask.requests,
    seed: ask.seed,
    curvePoints: ask.curvePoints,
  };
  // Said first in the output, in this order, so a reader sees what was assumed for them.
  const notes = [
    ...(preset ? [`traffic preset ${ask.preset}: ${preset.source}`] : []),
    ...(engine ? [engine.note] : []),
    ...(ask.slo === undefined ? [`no SLO given: planned for ${DEFAULT_SLO}`] : []),
  ];
  return { ok: true, req, notes };
}

/** Builds the request and runs the planner; the notes lead the result's assumptions. */
export function planFromAsk(ask: PlanAsk, ctx: EstimateContext = {}): { ok: true; result: PlanResult; request: PlanRequest } | { ok: false; error: AskError } {
  const built = buildPlanRequest(ask);
  if (!built.ok) return built;
  const result = planCapacity(built.req, ctx);
  result.assumptions.unshift(...built.notes);
  return { ok: true, result, request: built.req };
}

/**
 * The engine arguments of an analysed file's first vLLM deployment, as the
 * estimate reads them, the GPU the file (or its comment) names, and which
 * deployment it is; a reason (to follow the file's name) when there is no model
 * to plan for. Without a GPU the analysis has no estimate input, so the engine
 * arguments are read from the deployment directly.
 */
export function baseFromAnalysis(a: Analysis): { base: PlanRequest['base']; gpu?: string; deployment: string; index: number } | { error: string } {
  if (!a.detection.format) return { error: `is not a recognised serving config (${a.detection.detail})` };
  const index = a.estimates.findIndex((e) => e.input && e.deployment.engine === 'vllm');
  const pe = index >= 0 ? a.estimates[index] : a.estimates.find((e) => e.deployment.engine === 'vllm' && e.deployment.model.id?.value);
  const model = pe?.input?.model ?? pe?.deployment.model.id?.value;
  if (!pe || !model) return { error: 'has no vLLM deployment whose model ServeScope can read' };
  const input: Partial<EstimateInput> = pe.input ?? inputFor(pe.deployment, a.settings, '') ?? { model };
  const { gpu: g, workload: _w, ...rest } = input;
  return { base: { ...rest, model: input.model ?? model }, gpu: typeof g === 'string' && g ? g : undefined, deployment: pe.deployment.name, index: Math.max(0, a.estimates.indexOf(pe)) };
}

function fail(field: AskError['field'], message: string): { ok: false; error: AskError } {
  return { ok: false, error: { field, message } };
}
