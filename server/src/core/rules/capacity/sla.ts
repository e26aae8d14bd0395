/**
 * What the SLA rules share: the deployments judged against the user's traffic and
 * SLO, the words that say where the targets came from, and an edit that writes a
 * planned number over a value in the file.
 */
import type { Analysis } from '../../analysis';
import type { PlanEstimate } from '../../capacity/planEstimate';
import type { Sourced } from '../../plan';
import type { SlaEvaluation } from '../../planner/inFile';
import type { OperatingPoint } from '../../planner/operatingPoint';
import { formatSlo } from '../../planner/slo';
import type { OffsetRange, TextEditOffsets } from '../../types';
import { HOST_REPLICA_KEYS } from '../../k8s/replicaCount';

export interface Judged {
  index: number;
  pe: PlanEstimate;
  sla: SlaEvaluation & { op: OperatingPoint };
  peak: number;
  slo: string;
  where: string;
}

/** Deployments with an operating point, in plan order. */
export function judged(a: Omit<Analysis, 'findings'>): Judged[] {
  const out: Judged[] = [];
  a.estimates.forEach((pe, index) => {
    const sla = pe.sla;
    if (!sla?.op || !sla.targets.traffic || !sla.targets.slo || pe.deployment.modelFromComment) return;
    out.push({ index, pe, sla: sla as Judged['sla'], peak: sla.targets.traffic.peakRps, slo: formatSlo(sla.targets.slo), where: sla.targets.origin === 'modeline' ? 'the # servescope comment' : 'servescope.traffic' });
  });
  return out;
}

/** Where a deployment-wide finding goes: the model key, else the deployment's block. */
export function modelRange(pe: PlanEstimate): OffsetRange {
  const id = pe.deployment.model.id;
  return id?.keyRange ?? id?.range ?? { start: pe.deployment.range.start, end: Math.min(pe.deployment.range.end, pe.deployment.range.start + 1) };
}

/** A replica count's name as the user edits it: the manifest's (`spec.replicas`) when a host manifest wrote it, else the config's key. */
export function replicaKeyName(v: Sourced<number> | undefined, key: string): string {
  return v?.path && HOST_REPLICA_KEYS.includes(v.path) ? v.path : key;
}

export function writeNumber(v: Sourced<number> | undefined, n: number): TextEditOffsets | undefined {
  return v?.range ? { range: v.range, newText: String(n) } : undefined;
}

export const r2 = (x: number): string => (Math.round(x * 100) / 100).toString();
export const ms = (x: number): string => `${Math.round(x)} ms`;
