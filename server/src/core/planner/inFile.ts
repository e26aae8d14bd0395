/**
 * The planner inside the editor: when the user states traffic and an SLO
 * (servescope.traffic / servescope.slo, or `# servescope: rps=40 slo="..."`), each
 * deployment's own engine is simulated once to find its per-replica operating
 * point, and its replica settings are judged against the peak. Memoised on the
 * engine's inputs and the targets, so an edit to an unrelated key costs a lookup.
 */
import type { PlanEstimate } from '../capacity/planEstimate';
import { engineModel } from '../capacity/estimate';
import type { Modeline } from '../modeline';
import type { Settings } from '../types';
import { findOperatingPoint, inFlightAt, type OperatingPoint } from './operatingPoint';
import { MAX_REQUESTS, shapeFromEngine, sustainableRps } from './plan';
import { sampleRequests } from './simulate';
import { formatSlo, parseSlo, type Slo } from './slo';
import { validateTraffic, type Traffic } from './traffic';

export interface SlaTargets {
  traffic?: Traffic;
  slo?: Slo;
  /** Where the targets were stated, for messages. */
  origin: 'modeline' | 'setting';
  /** Why the stated targets can't be used (unreadable SLO, bad rate); reported once per file. */
  problem?: string;
}

export interface SlaEvaluation {
  targets: SlaTargets;
  op?: OperatingPoint;
  /** Requests in flight per replica at the operating point (Little's law on the simulated E2E). */
  ongoingAtOperatingPoint?: number;
  /** Replicas the peak needs at the operating point, and with one spare. */
  replicasForPeak?: number;
  replicasPlanned?: number;
}

/**
 * The share of prompt tokens the user says hit the prefix cache (`prefix_hit=` in the
 * comment, else servescope.traffic.prefixHitRatio), when it is a ratio in [0, 1).
 */
export function statedPrefixHitRatio(settings: Settings, modeline?: Modeline): number | undefined {
  const text = modeline?.facts.prefix_hit;
  const v = text !== undefined ? Number(text) : settings.traffic.prefixHitRatio;
  return v !== undefined && Number.isFinite(v) && v >= 0 && v < 1 ? v : undefined;
}

/** The targets as the user wrote them, before parsing: what the plan view prefills its inputs with. */
export interface StatedTargets {
  rps?: string;
  slo?: string;
  avgRps?: number;
  inputLen: number;
  outputLen: number;
  prefixHitRatio?: number;
  origin: 'modeline' | 'setting';
}

/** Reads rps/slo/avg_rps/input_len/output_len from the `# servescope:` comment, else the settings. */
export function statedTargets(settings: Settings, modeline?: Modeline): StatedTargets {
  const f = modeline?.facts ?? {};
  const num = (s: string | undefined) => (s === undefined ? undefined : Number(s));
  return {
    rps: f.rps ?? (settings.traffic.peakRps !== undefined ? String(settings.traffic.peakRps) : undefined),
    slo: f.slo ?? settings.slo,
    avgRps: num(f.avg_rps) ?? settings.traffic.avgRps,
    inputLen: num(f.input_len) ?? settings.workload.inputLen,
    outputLen: num(f.output_len) ?? settings.workload.outputLen,
    prefixHitRatio: statedPrefixHitRatio(settings, modeline),
    origin: f.rps !== undefined || f.slo !== undefined ? 'modeline' : 'setting',
  };
}

/** The traffic and SLO the user stated, or undefined when they stated neither. */
export function slaTargets(settings: Settings, modeline?: Modeline): SlaTargets | undefined {
  const st = statedTargets(settings, modeline);
  const { rps: rpsText, slo: sloText, origin } = st;
  if (rpsText === undefined && sloText === undefined) return undefined;
  const where = origin === 'modeline' ? 'the # servescope comment' : 'servescope.traffic / servescope.slo';
  if (rpsText === undefined || sloText === undefined) {
    return { origin, problem: `${where} gives ${rpsText === undefined ? 'an SLO but no request rate (rps=…)' : 'a request rate but no SLO (slo="ttft:p95<800ms;tpot:p95<60ms")'}; both are needed to judge replicas` };
  }
  const slo = parseSlo(sloText);
  if ('error' in slo) return { origin, problem: `SLO in ${where}: ${slo.error}` };
  const traffic: Traffic = { peakRps: Number(rpsText), avgRps: st.avgRps, input: { mean: st.inputLen }, output: { mean: st.outputLen }, prefixHitRatio: st.prefixHitRatio };
  const errs = validateTraffic(traffic);
  if (errs.length) return { origin, problem: `traffic in ${where}: ${errs.join('; ')}` };
  return { origin, traffic, slo };
}

const memo = new Map<string, SlaEvaluation>();
const MEMO_MAX = 64;

export function evaluateSla(pe: PlanEstimate, targets: SlaTargets): SlaEvaluation {
  if (!targets.traffic || !targets.slo || !pe.input || !pe.estimate?.ok || pe.input.trtllm) return { targets };
  const { workload: _w, ...engineInput } = pe.input;
  const traffic = targets.traffic;
  const key = JSON.stringify([engineInput, traffic, formatSlo(targets.slo)]);
  const hit = memo.get(key);
  if (hit) return { ...hit, targets };
  const m = engineModel({ ...engineInput, workload: { inputLen: traffic.input.mean, outputLen: traffic.output.mean, concurrency: 1 } });
  const out: SlaEvaluation = { targets };
  if (m.engine) {
    const shape = shapeFromEngine(m.engine);
    const sample = sampleRequests(traffic, shape.maxModelLen, { requests: MAX_REQUESTS });
    const op = findOperatingPoint(shape, sample, targets.slo, sustainableRps(shape, traffic), { requests: 300 });
    out.op = op;
    if (op.maxRps > 0) {
      out.ongoingAtOperatingPoint = inFlightAt(op);
      out.replicasForPeak = Math.max(1, Math.ceil(traffic.peakRps / op.maxRps - 1e-9));
      out.replicasPlanned = out.replicasForPeak + 1;
    }
  }
  if (memo.size >= MEMO_MAX) memo.delete(memo.keys().next().value as string);
  memo.set(key, out);
  return out;
}
