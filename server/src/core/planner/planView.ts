/**
 * What the editor's plan view shows for one document: the traffic and SLO it was
 * planned for (prefilled from the `# servescope:` comment or the settings), the
 * candidates ranked, each with its p95 TTFT/TPOT curve against request rate and its
 * operating point, the SLO lines, and the assumptions. Every number comes from
 * planCapacity and is only reshaped here.
 */
import type { Analysis } from '../analysis';
import type { EstimateContext } from '../capacity/estimate';
import { baseFromAnalysis } from './planBase';
import { statedTargets } from './inFile';
import { planCapacity, label, type CandidatePlan, type PlanRequest, type PlanResult } from './plan';
import { presetNames, trafficPreset } from './presets';
import { curveJson, planJson, type PlanJson } from './report';
import { parseSlo, type SloTarget } from './slo';
import { rates } from './traffic';
import { renderTopology } from '../topology/diagram';

/** What the user typed in the view; anything left out is prefilled from the file or the settings. */
export interface PlanInputs {
  peakRps?: number;
  avgRps?: number;
  inputLen?: number;
  outputLen?: number;
  /** A traffic preset (`chat`): its lengths replace inputLen/outputLen. */
  preset?: string;
  slo?: string;
  /** Catalog id or nvidia-smi name; default the file's, the comment's or the setting's GPU. */
  gpu?: string;
}

/** The inputs the plan ran with, and where each default came from (shown next to the inputs). */
export interface ResolvedInputs {
  peakRps?: number;
  avgRps?: number;
  inputLen: number;
  outputLen: number;
  preset?: string;
  slo?: string;
  gpu?: string;
  origin: { traffic: 'view' | 'modeline' | 'setting'; gpu: 'view' | 'file' | 'modeline' | 'setting' | 'none' };
}

export interface CurvePoint {
  rps: number;
  p95TtftMs: number;
  p95TpotMs: number;
  saturated: boolean;
}

/** One row of the ranked table, with its curve for the chart. */
export interface PlanRow {
  /** Index into PlanResult.plans: planEdits and the LSP use it to find the plan again. */
  plan: number;
  label: string;
  numbers: PlanJson;
  /** The highest rate per replica meeting the SLO, and the latency there: the marker on the chart. */
  operatingPoint?: { rps: number; p95TtftMs: number; p95TpotMs: number };
  /** Load per replica at the peak with the planned fleet. */
  peakRpsPerReplica?: number;
  curve: CurvePoint[];
  /** The topology `servescope plan --diagram` draws for this plan; absent when it has no fleet that meets the SLO. */
  diagram?: string;
}

export interface PlanView {
  /** False when the inputs can't be planned for; `errors` says why, in words for the user. */
  ok: boolean;
  errors: string[];
  inputs: ResolvedInputs;
  presets: string[];
  deployment?: string;
  rows: PlanRow[];
  /** Index into rows of the recommendation (-1 when there is none). */
  chosen: number;
  /** Set when no candidate meets the SLO: which target the closest misses and by how much. */
  unreachable?: string;
  slo: SloTarget[];
  sloText?: string;
  assumptions: string[];
}

export interface PlanViewOptions {
  ctx?: EstimateContext;
  /** Simulated requests per rate (the planner's default when absent); tests lower it. */
  requests?: number;
  curvePoints?: number;
  seed?: number;
}

/** Tensor-parallel sizes the view compares. */
const VIEW_TP = [1, 2, 4, 8];

/** A plain vLLM server runs all its ranks on one node: sizes above the GPUs the file declares for it cannot start. */
function tpChoices(a: Analysis, index: number, pp: number): number[] {
  // In a manifest the pod's GPU limit is one of the values Apply writes, so it does not bound the search.
  const node = a.detection.format === 'vllm' && !a.embedded?.length ? a.estimates[index]?.clusterGpus : undefined;
  if (!node) return VIEW_TP;
  const fit = VIEW_TP.filter((tp) => tp * pp <= node);
  return fit.length ? fit : [1];
}

/** Fills what the view left out from the file's comment, then the settings. */
export function resolveInputs(a: Analysis, given: PlanInputs, fileGpu: string | undefined): ResolvedInputs {
  const st = statedTargets(a.settings, a.modeline);
  const preset = given.preset ? trafficPreset(given.preset) : undefined;
  const typed = given.peakRps !== undefined || given.slo !== undefined;
  // A GPU field the view prefilled and sent back unchanged still comes from where it was read.
  const gpuOrigin = given.gpu && given.gpu !== fileGpu ? 'view' : fileGpu ? (a.estimates.find((e) => e.input?.gpu === fileGpu)?.hardwareOrigin ?? 'file') : 'none';
  return {
    peakRps: given.peakRps ?? (st.rps !== undefined ? Number(st.rps) : undefined),
    avgRps: given.avgRps ?? (given.peakRps === undefined ? st.avgRps : undefined),
    inputLen: preset?.input.mean ?? given.inputLen ?? st.inputLen,
    outputLen: preset?.output.mean ?? given.outputLen ?? st.outputLen,
    preset: preset ? given.preset : undefined,
    slo: given.slo ?? st.slo,
    gpu: given.gpu || fileGpu,
    origin: { traffic: typed ? 'view' : st.origin, gpu: gpuOrigin },
  };
}

/**
 * Plans the document's first vLLM deployment for the given traffic and SLO.
 * Returns `ok: false` with messages (never throws) for an unreadable SLO, a bad
 * rate, an unknown GPU or a file the planner can't read.
 */
export function planForDocument(a: Analysis, given: PlanInputs, options: PlanViewOptions = {}): { view: PlanView; result?: PlanResult } {
  const b = baseFromAnalysis(a);
  const inputs = resolveInputs(a, given, 'error' in b ? undefined : b.gpu);
  const empty: PlanView = { ok: false, errors: [], inputs, presets: presetNames(), rows: [], chosen: -1, slo: [], assumptions: [] };
  if ('error' in b) return { view: { ...empty, errors: [`this file ${b.error}`] } };
  const errors: string[] = [];
  if (given.preset && !trafficPreset(given.preset)) errors.push(`the traffic preset must be one of ${presetNames().join(', ')} (got "${given.preset}")`);
  if (inputs.peakRps === undefined) errors.push('enter the peak request rate (req/s) the deployment must serve');
  if (!inputs.slo) errors.push('enter an SLO, e.g. ttft:p95<800ms;tpot:p95<60ms');
  if (!inputs.gpu) errors.push('choose a GPU: the file, its # servescope comment and servescope.hardware.gpu name none');
  const slo = inputs.slo ? parseSlo(inputs.slo) : undefined;
  if (slo && 'error' in slo) errors.push(`SLO: ${slo.error}`);
  if (errors.length || !slo || 'error' in slo || inputs.peakRps === undefined) return { view: { ...empty, deployment: b.deployment, errors } };
  const preset = inputs.preset ? trafficPreset(inputs.preset) : undefined;
  const req: PlanRequest = {
    base: { ...b.base, gpuPrices: { ...a.settings.gpuPrices, ...b.base.gpuPrices } },
    traffic: { peakRps: inputs.peakRps, avgRps: inputs.avgRps, input: { mean: inputs.inputLen, spread: preset?.input.spread }, output: { mean: inputs.outputLen, spread: preset?.output.spread }, prefixHitRatio: preset?.prefixHitRatio },
    slo,
    gpus: [inputs.gpu!],
    tensorParallel: tpChoices(a, b.index, b.base.pipelineParallel ?? 1),
    curves: 'all',
    prune: false,
    curvePoints: options.curvePoints,
    requests: options.requests,
    seed: options.seed,
  };
  const result = planCapacity(req, options.ctx);
  const view: PlanView = { ...empty, deployment: b.deployment, slo: slo.targets, sloText: result.slo };
  if (!result.ok) return { view: { ...view, errors: result.errors }, result };
  const r = rates(req.traffic);
  const draw = (p: CandidatePlan) => renderTopology({ framework: a.detection.format ?? 'vllm', plan: p, slo, peakRps: r.peak, avgRps: r.avg });
  const rows = rank(result).map((i) => ({ ...rowOf(result.plans[i], i), diagram: draw(result.plans[i]) }));
  const tps = req.tensorParallel!;
  const assumptions = [
    ...(preset ? [`traffic preset ${inputs.preset}: ${preset.source}`] : []),
    `candidates: ${result.plans[0]?.candidate.gpu.id ?? inputs.gpu}, tensor-parallel size ${tps.join(', ')}${tps.length < VIEW_TP.length ? ` (a vLLM server runs on one node; the file declares ${a.estimates[b.index]?.clusterGpus} GPUs for it)` : ''}, the file's other engine arguments`,
    ...result.assumptions,
  ];
  return { view: { ...view, ok: true, rows, chosen: rows.findIndex((r) => r.plan === result.chosen), unreachable: result.unreachable, assumptions }, result };
}

/** Table order: the recommendation, then plans meeting the SLO by cost, then the rest by cost, then what was not simulated. */
function rank(res: PlanResult): number[] {
  const cost = (p: CandidatePlan) => p.fleet?.usdPerHourAtPeak ?? Infinity;
  const tier = (p: CandidatePlan, i: number) => (i === res.chosen ? 0 : p.meetsSlo ? 1 : p.op ? 2 : 3);
  return res.plans
    .map((p, i) => ({ p, i }))
    .sort((x, y) => tier(x.p, x.i) - tier(y.p, y.i) || cost(x.p) - cost(y.p) || x.p.candidate.tp - y.p.candidate.tp)
    .map((x) => x.i);
}

function rowOf(p: CandidatePlan, i: number): PlanRow {
  const op = p.op && p.op.maxRps > 0 ? { rps: p.op.maxRps, p95TtftMs: p.op.at.ttftMs.p95, p95TpotMs: p.op.at.tpotMs.p95 } : undefined;
  return {
    plan: i,
    label: label(p),
    numbers: planJson(p),
    operatingPoint: op,
    peakRpsPerReplica: p.fleet?.peakRpsPerReplica,
    curve: (p.op?.curve ?? []).map((r) => {
      const c = curveJson(i, r);
      return { rps: c.rps, p95TtftMs: c.p95_ttft_ms, p95TpotMs: c.p95_tpot_ms, saturated: c.saturated };
    }),
  };
}
