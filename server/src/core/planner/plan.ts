/**
 * The SLA capacity planner: for each candidate engine (GPU × tensor/pipeline
 * size × quantization × KV dtype × max_num_seqs) that starts, the per-replica
 * operating point from the scheduler simulation, the fleet that carries the peak,
 * and its cost; then the candidate that best meets the objective, the Pareto
 * frontier of cost against p95 latency, and, when no candidate meets the SLO,
 * the closest one and by how much it misses.
 */
import { engineModel, type EstimateContext } from '../capacity/estimate';
import { gpuCatalog, gpuPrice, resolveGpu } from '../capacity/gpus';
import type { EstimateInput, GpuSpec } from '../capacity/types';
import { coldStart } from './coldStart';
import { engineArgsOf } from '../engineArgs/planFields';
import { sizeFleet, type Fleet, type FleetOptions } from './fleet';
import { checkSlo, findOperatingPoint, type OperatingPoint, type TargetCheck } from './operatingPoint';
import { requestsFor, sampleRequests, simulate, type EngineShape, type RequestSample, type SimResult } from './simulate';
import { formatSlo, type Slo } from './slo';
import { rates, validateTraffic, type Traffic } from './traffic';

export type Objective = 'cost' | 'throughput' | 'latency';

export interface PlanRequest {
  /** The engine as the file or the flags give it; gpu/tp/quantization are searched when the lists below say so. */
  base: Omit<EstimateInput, 'gpu' | 'workload'> & { gpu?: EstimateInput['gpu'] };
  traffic: Traffic;
  slo: Slo;
  /** GPUs to consider (catalog ids or names); default: base.gpu, else every priced catalog GPU. */
  gpus?: string[];
  /** Tensor-parallel sizes to consider; default base.tensorParallel, else 1, 2, 4, 8. */
  tensorParallel?: number[];
  quantizations?: (string | undefined)[];
  kvCacheDtypes?: (string | undefined)[];
  maxNumSeqs?: (number | undefined)[];
  objective?: Objective;
  /** For 'throughput': the most the fleet may cost, $/hour. */
  budgetUsdPerHour?: number;
  /** For 'latency' (and as a cap for the others): the most GPUs the fleet may use. */
  maxGpus?: number;
  fleet?: FleetOptions;
  /** Curve points for the chosen plan (and the frontier): default 12. */
  curvePoints?: number;
  /** Which plans get a curve: the chosen one and the frontier (default), or every simulated plan (the editor's chart). */
  curves?: 'chosen' | 'all';
  /**
   * Skip candidates that cannot be cheaper than a plan already meeting the SLO (default true).
   * The editor's table turns it off so every candidate has numbers to compare.
   */
  prune?: boolean;
  /** Simulated requests per rate (default 600). */
  requests?: number;
  seed?: number;
}

export interface Candidate {
  gpu: GpuSpec;
  tp: number;
  pp: number;
  quantization?: string;
  kvCacheDtype?: string;
  maxNumSeqs?: number;
}

export interface CandidatePlan {
  candidate: Candidate;
  /** The engine arguments this plan assumes, in vLLM's spelling. */
  settings: Record<string, string | number | boolean>;
  /** Why it was not simulated (does not start, no price for a cost objective...). */
  skipped?: string;
  op?: OperatingPoint;
  fleet?: Fleet;
  /** Percentiles at the fleet's peak load per replica. */
  atPeak?: SimResult;
  meetsSlo: boolean;
  checks: TargetCheck[];
  usdPerGpuHour: number | null;
  /** Most requests/s one replica could sustain (sustainableRps): the search's upper bracket. */
  saturationRps: number;
  assumptions: string[];
}

export interface PlanResult {
  ok: boolean;
  /** Usage problems (bad traffic, unknown GPU...) when ok is false. */
  errors: string[];
  plans: CandidatePlan[];
  /** Index into plans of the recommendation; the closest plan when none meets the SLO. */
  chosen: number;
  /** Indices of plans on the cost / p95-latency Pareto frontier. */
  frontier: number[];
  /** When no plan meets the SLO: which target the closest plan misses, by how much. */
  unreachable?: string;
  objective: Objective;
  slo: string;
  assumptions: string[];
}

const DEFAULT_TP = [1, 2, 4, 8];

function candidates(req: PlanRequest, catalog: GpuSpec[], errors: string[]): Candidate[] {
  const gpuNames = req.gpus?.length ? req.gpus : req.base.gpu ? [req.base.gpu] : undefined;
  let gpus: GpuSpec[];
  if (gpuNames) {
    gpus = [];
    for (const g of gpuNames) {
      const spec = typeof g === 'string' ? resolveGpu(g, catalog) : g;
      if (!spec) errors.push(`GPU "${String(g)}" is not in the catalog; use a catalog id (e.g. H100-SXM-80GB) or the name nvidia-smi prints`);
      else if (!gpus.some((x) => x.id === spec.id)) gpus.push(spec);
    }
  } else gpus = catalog.filter((g) => typeof g.priceUsdHour === 'number' && g.vendor === 'nvidia');
  const tps = req.tensorParallel?.length ? req.tensorParallel : req.base.tensorParallel ? [req.base.tensorParallel] : DEFAULT_TP;
  const pp = req.base.pipelineParallel ?? 1;
  const quants = req.quantizations?.length ? req.quantizations : [req.base.quantization];
  const kvs = req.kvCacheDtypes?.length ? req.kvCacheDtypes : [req.base.kvCacheDtype];
  const seqs = req.maxNumSeqs?.length ? req.maxNumSeqs : [req.base.maxNumSeqs];
  const out: Candidate[] = [];
  for (const gpu of gpus) for (const tp of tps) for (const quantization of quants) for (const kvCacheDtype of kvs) for (const maxNumSeqs of seqs) out.push({ gpu, tp, pp, quantization, kvCacheDtype, maxNumSeqs });
  return out;
}

function settingsOf(c: Candidate, shape: EngineShape | undefined, base: PlanRequest['base']): Record<string, string | number | boolean> {
  return engineArgsOf({
    tensorParallel: c.tp,
    pipelineParallel: c.pp > 1 ? c.pp : undefined,
    quantization: c.quantization,
    kvCacheDtype: c.kvCacheDtype,
    ...(shape && { maxNumSeqs: shape.maxNumSeqs, maxNumBatchedTokens: shape.maxNumBatchedTokens, maxModelLen: shape.maxModelLen }),
    gpuMemoryUtilization: base.gpuMemoryUtilization,
  });
}

export function planCapacity(req: PlanRequest, ctx: EstimateContext = {}): PlanResult {
  const objective = req.objective ?? 'cost';
  const errors = validateTraffic(req.traffic);
  if (req.maxGpus !== undefined && !(Number.isInteger(req.maxGpus) && req.maxGpus >= 1)) errors.push(`the GPU limit must be a whole number ≥ 1 (got ${req.maxGpus})`);
  if (req.fleet?.replicas !== undefined && !(Number.isInteger(req.fleet.replicas) && req.fleet.replicas >= 1)) errors.push(`replicas must be a whole number ≥ 1 (got ${req.fleet.replicas})`);
  if (req.fleet?.headroom !== undefined && !(req.fleet.headroom >= 0 && req.fleet.headroom < 0.9)) errors.push(`headroom must be in [0, 0.9) (got ${req.fleet.headroom})`);
  if (objective === 'throughput' && !(req.budgetUsdPerHour && req.budgetUsdPerHour > 0)) errors.push('the throughput objective needs a budget in $/hour');
  const catalog = ctx.gpus ?? gpuCatalog();
  const cands = errors.length ? [] : candidates(req, catalog, errors);
  const base = { objective, slo: formatSlo(req.slo), assumptions: [] as string[] };
  if (errors.length) return { ok: false, errors, plans: [], chosen: -1, frontier: [], ...base };

  const r = rates(req.traffic);
  const traffic = req.traffic;
  const requests = req.requests ?? 400;
  const plans: CandidatePlan[] = [];
  const shapes = new Map<CandidatePlan, EngineShape>();
  const weights = new Map<CandidatePlan, number>();
  // One sample per max_model_len (lengths are clipped to it), big enough for the longest run.
  const samples = new Map<number, RequestSample>();
  const sampleFor = (len: number) => {
    let smp = samples.get(len);
    if (!smp) samples.set(len, (smp = sampleRequests(traffic, len, { requests: MAX_REQUESTS, seed: req.seed })));
    return smp;
  };

  // Screening: what starts, within the GPU limit, and what the closed-loop saturation allows.
  for (const c of cands) {
    const input: EstimateInput = {
      ...req.base,
      gpu: c.gpu,
      tensorParallel: c.tp,
      pipelineParallel: c.pp,
      quantization: c.quantization,
      kvCacheDtype: c.kvCacheDtype,
      maxNumSeqs: c.maxNumSeqs,
      workload: { inputLen: traffic.input.mean, outputLen: traffic.output.mean, concurrency: 1 },
    };
    const m = engineModel(input, ctx);
    const price = gpuPrice(c.gpu, req.base.gpuPrices ?? {}, catalog).usdPerHour;
    const plan: CandidatePlan = { candidate: c, settings: settingsOf(c, undefined, req.base), meetsSlo: false, checks: [], usdPerGpuHour: price, assumptions: m.estimate.assumptions, saturationRps: 0 };
    plans.push(plan);
    if (!m.estimate.ok) {
      plan.skipped = (m.estimate.unknown ?? []).map((u) => u.message).join('; ') || 'cannot be estimated';
      if (m.estimate.unknown?.some((u) => u.what === 'model')) {
        errors.push(plan.skipped);
        break;
      }
      continue;
    }
    if (!m.engine) {
      const p = m.estimate.memory?.problems.find((x) => x.severity === 'error');
      plan.skipped = `does not start: ${p?.message ?? 'the model does not fit'}`;
      continue;
    }
    const gpus = c.tp * c.pp;
    if (req.maxGpus !== undefined && gpus > req.maxGpus) {
      plan.skipped = `needs ${gpus} GPUs per replica, above the limit of ${req.maxGpus}`;
      continue;
    }
    const e = m.engine;
    const shape: EngineShape = shapeFromEngine(e);
    shapes.set(plan, shape);
    weights.set(plan, e.memory.weightsGib);
    plan.settings = settingsOf(c, shape, req.base);
    plan.saturationRps = sustainableRps(shape, traffic);
  }
  if (errors.length) return { ok: false, errors, plans: [], chosen: -1, frontier: [], ...base };

  // Cheapest first: no replica sustains more than saturationRps, so a fleet costs at least the peak
  // over it; once a plan meets the SLO, the ones that can't be cheaper are skipped.
  const lowerBound = (p: CandidatePlan) => {
    if (p.usdPerGpuHour === null || !(p.saturationRps > 0)) return Infinity;
    const n = req.fleet?.replicas ?? Math.ceil(r.peak / p.saturationRps);
    return n * p.candidate.tp * p.candidate.pp * p.usdPerGpuHour;
  };
  const order = [...shapes.keys()].sort((a, b) => lowerBound(a) - lowerBound(b));
  let bestCost = Infinity;
  for (const plan of order) {
    const shape = shapes.get(plan)!;
    const lb = lowerBound(plan);
    if (objective === 'cost' && req.prune !== false && lb > bestCost && Number.isFinite(bestCost)) {
      plan.skipped = `cannot beat a cheaper plan that meets the SLO (at least $${lb.toFixed(2)}/h)`;
      continue;
    }
    const sample = sampleFor(shape.maxModelLen);
    const gpus = plan.candidate.tp * plan.candidate.pp;
    const op = findOperatingPoint(shape, sample, req.slo, plan.saturationRps, { requests, seed: req.seed });
    plan.op = op;
    const cold = coldStart(weights.get(plan)!);
    const perReplica = op.maxRps > 0 ? op.maxRps : 0;
    if (perReplica > 0 || req.fleet?.replicas) {
      plan.fleet = sizeFleet(perReplica, gpus, plan.usdPerGpuHour, r, traffic.output.mean, cold, req.fleet);
      if (req.maxGpus !== undefined && plan.fleet.totalGpus > req.maxGpus && !req.fleet?.replicas) {
        plan.skipped = `the fleet needs ${plan.fleet.totalGpus} GPUs, above the limit of ${req.maxGpus}`;
      }
      const load = plan.fleet.peakRpsPerReplica;
      plan.atPeak = Math.abs(load - op.at.rate) < 1e-9 ? op.at : simulateAt(shape, sample, load, requests, op, req.seed);
      const chk = checkSlo(plan.atPeak, req.slo);
      plan.meetsSlo = chk.meets && !plan.skipped;
      plan.checks = chk.checks;
      if (plan.meetsSlo && plan.fleet.usdPerHourAtPeak !== null) bestCost = Math.min(bestCost, plan.fleet.usdPerHourAtPeak);
    } else {
      // Even a lone request misses: no fleet size helps; report the best latency it can give.
      plan.checks = checkSlo(op.unloaded, req.slo).checks;
    }
  }

  const chosen = choose(plans, objective, req);
  const frontier = paretoFrontier(plans);
  const assumptions = [
    `traffic: ${r.peak} req/s at peak, ${round(r.avg)} on average; prompts ${lengthText(traffic.input)} tokens, outputs ${lengthText(traffic.output)}${traffic.prefixHitRatio ? `, ${Math.round(traffic.prefixHitRatio * 100)}% of prompt tokens in the prefix cache` : ''}; ${traffic.burstiness && traffic.burstiness !== 1 ? `gamma arrivals with burstiness ${traffic.burstiness}` : 'Poisson arrivals'}`,
    `each replica simulated as one vLLM V1 engine (continuous batching, chunked prefill, KV blocks of 16 tokens with preemption by recompute) over ${req.requests ?? 400}–${MAX_REQUESTS} requests (more at higher rates, so the batch reaches steady state), seed ${req.seed ?? 20261207}, percentiles over the middle 80%`,
    'a load balancer spreads requests evenly over replicas (each replica sees 1/N of the arrivals)',
  ];
  let unreachable: string | undefined;
  if (chosen >= 0 && !plans[chosen].meetsSlo) {
    const p = plans[chosen];
    const miss = p.checks.filter((c) => c.ratio > 1).sort((a, b) => b.ratio - a.ratio);
    unreachable = p.op && p.op.maxRps === 0
      ? `no candidate meets ${formatSlo(req.slo)} even with one request at a time; closest: ${label(p)}, ${miss.map((c) => `${c.target.metric} p${c.target.percentile} ${Math.round(c.valueMs)} ms against ${c.target.ms} ms (+${Math.round((c.ratio - 1) * 100)}%)`).join(', ')}`
      : `no candidate meets ${formatSlo(req.slo)} within the limits; closest: ${label(p)}${miss.length ? `, ${miss.map((c) => `${c.target.metric} p${c.target.percentile} ${Math.round(c.valueMs)} ms against ${c.target.ms} ms`).join(', ')}` : ''}${p.skipped ? ` (${p.skipped})` : ''}`;
  }
  // The chart shows the chosen plan and the frontier as curves.
  const points = req.curvePoints ?? 12;
  const curved = req.curves === 'all' ? plans.map((_, i) => i) : [chosen, ...frontier];
  for (const i of new Set(curved)) {
    const p = plans[i];
    const shape = p && shapes.get(p);
    if (!p?.op || !shape || points <= 0) continue;
    const sample = sampleFor(shape.maxModelLen);
    for (let k = 0; k < points; k++) p.op.curve.push(simulateAt(shape, sample, p.op.saturationRps * (0.05 + (0.95 * k) / Math.max(1, points - 1)), requests, p.op, req.seed));
  }
  return { ok: true, errors: [], plans, chosen, frontier, unreachable, ...base, assumptions };
}

/**
 * An upper bound on the requests/s one engine sustains: each request's prompt
 * compute plus its share of decode steps at the largest batch the engine runs,
 * with nothing wasted. The simulation can only come in below it.
 */
export function sustainableRps(shape: EngineShape, traffic: Traffic): number {
  const inLen = traffic.input.mean * (1 - (traffic.prefixHitRatio ?? 0));
  const out = traffic.output.mean;
  const perSeq = Math.min(shape.maxModelLen, traffic.input.mean + out);
  const batch = Math.max(1, Math.min(shape.maxNumSeqs, Math.floor(shape.kvCacheTokens / perSeq)));
  const idle = shape.step.step(0, 0, 0).seconds;
  const prefill = Math.max(0, shape.step.step(0, 0, inLen, inLen).seconds - idle);
  const decode = (out * shape.step.step(batch, traffic.input.mean + out / 2, 0).seconds) / batch;
  return 1 / ((prefill + decode) * shape.pp);
}

export function shapeFromEngine(e: NonNullable<ReturnType<typeof engineModel>['engine']>): EngineShape {
  return { step: e.step, pp: e.cfg.pp, maxNumSeqs: e.cfg.maxNumSeqs, maxNumBatchedTokens: e.cfg.maxNumBatchedTokens, chunkedPrefill: e.cfg.chunkedPrefill, kvCacheTokens: e.memory.kvCacheTokens, maxModelLen: e.cfg.maxModelLen };
}

/** Longest run any rate gets: bounds the cost of a simulation at high rates. */
export const MAX_REQUESTS = 3000;

function simulateAt(shape: EngineShape, sample: RequestSample, rate: number, min: number, op: OperatingPoint, seed?: number): SimResult {
  const x = Math.max(rate, 1e-6);
  return simulate(shape, sample, x, { requests: requestsFor(x, op.unloaded.e2eMs.mean / 1000, min, sample.prompt.length), seed });
}

function p95Latency(p: CandidatePlan): number {
  const r = p.atPeak ?? p.op?.unloaded;
  return r ? r.e2eMs.p95 : Infinity;
}

function choose(plans: CandidatePlan[], objective: Objective, req: PlanRequest): number {
  const ok = plans.map((p, i) => ({ p, i })).filter(({ p }) => p.meetsSlo && p.fleet);
  const cost = (p: CandidatePlan) => p.fleet?.usdPerHourAtPeak ?? Infinity;
  if (ok.length) {
    let pick = ok;
    if (objective === 'throughput') {
      const within = ok.filter(({ p }) => cost(p) <= (req.budgetUsdPerHour ?? Infinity));
      if (within.length) pick = within;
      // Within the budget, the most SLO capacity: replicas the budget buys times the operating point.
      const capacity = (p: CandidatePlan) => {
        const perReplica = (p.usdPerGpuHour ?? Infinity) * p.candidate.tp * p.candidate.pp;
        const n = Math.max(1, Math.floor((req.budgetUsdPerHour ?? 0) / perReplica));
        return n * (p.op?.maxRps ?? 0);
      };
      return pick.reduce((b, x) => (capacity(x.p) > capacity(b.p) ? x : b)).i;
    }
    if (objective === 'latency') return pick.reduce((b, x) => (p95Latency(x.p) < p95Latency(b.p) ? x : b)).i;
    // Cost: cheapest fleet; unpriced GPUs lose to priced ones, then fewer GPUs win.
    return pick.reduce((b, x) => {
      const cx = cost(x.p);
      const cb = cost(b.p);
      if (cx !== cb) return cx < cb ? x : b;
      return (x.p.fleet!.totalGpus < b.p.fleet!.totalGpus ? x : b);
    }).i;
  }
  // None meets: the one whose worst target is missed by the least.
  let best = -1;
  let bestRatio = Infinity;
  plans.forEach((p, i) => {
    if (!p.op) return;
    const worst = Math.max(...p.checks.map((c) => c.ratio), p.skipped ? 1.0001 : 0);
    if (worst < bestRatio) {
      bestRatio = worst;
      best = i;
    }
  });
  return best;
}

/** Plans no other plan beats on both $/hour at peak and p95 end-to-end latency at peak. */
export function paretoFrontier(plans: CandidatePlan[]): number[] {
  const pts = plans
    .map((p, i) => ({ i, cost: p.fleet?.usdPerHourAtPeak ?? null, lat: p95Latency(p), ok: p.meetsSlo }))
    .filter((x) => x.ok && x.cost !== null && Number.isFinite(x.lat)) as { i: number; cost: number; lat: number }[];
  return pts.filter((a) => !pts.some((b) => b !== a && b.cost <= a.cost && b.lat <= a.lat && (b.cost < a.cost || b.lat < a.lat))).sort((a, b) => a.cost - b.cost).map((x) => x.i);
}

export function label(p: CandidatePlan): string {
  const c = p.candidate;
  return `${c.gpu.id} TP ${c.tp}${c.pp > 1 ? ` PP ${c.pp}` : ''}${c.quantization ? ` ${c.quantization}` : ''}${c.kvCacheDtype ? ` kv ${c.kvCacheDtype}` : ''}${p.fleet ? ` × ${p.fleet.replicas}` : ''}`;
}

const round = (x: number) => Math.round(x * 100) / 100;
const lengthText = (l: { mean: number; spread?: number }) => (l.spread ? `${l.mean} ± ${Math.round(l.spread * 100)}%` : `${l.mean}`);
