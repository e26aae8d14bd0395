/**
 * A fixed replica count (or the autoscaler's floor) far above what the peak needs
 * at the SLO operating point: GPUs paid for and idle even at peak.
 */
import { defineRule } from '../rule';
import { deploymentOf } from './engineArgs';
import { judged, r2, replicaKeyName, writeNumber } from './sla';

export const fleetOversized = defineRule({
  id: 'capacity/fleet-oversized',
  appliesTo: {},
  severity: 'information',
  title: 'The fleet is far larger than the peak needs within the SLO',
  fix: 'unsafe',
  sources: ['The planner\'s operating point and fleet sizing (`server/src/core/planner/`)'],
  check(ctx) {
    for (const j of judged(ctx.analysis)) {
      const planned = j.sla.replicasPlanned;
      const r = j.pe.deployment.replicas;
      const floor = r.fixed ?? r.min;
      if (!planned || !floor || floor.value < 2 * planned) continue;
      const key = r.fixed ? 'num_replicas' : 'min_replicas';
      const e = j.pe.estimate!;
      const price = e.cost?.usdPerHour;
      const saving = price != null ? ` (about $${((floor.value - planned) * price).toFixed(2)}/h)` : '';
      ctx.report({
        message: `${replicaKeyName(floor, key)} ${floor.value} is more than twice what the peak needs: ${r2(j.peak)} req/s (${j.where}) at ${r2(j.sla.op.maxRps)} req/s per replica within ${j.slo} takes ${j.sla.replicasForPeak}, or ${planned} with one spare${saving}.`,
        range: floor.range ?? j.pe.deployment.range,
        data: { deployment: j.index, key, replicas: planned },
      });
    }
  },
  fixes(finding, a) {
    const dep = deploymentOf(a, finding.data);
    const n = finding.data?.replicas;
    if (!dep || typeof n !== 'number') return [];
    const v = finding.data?.key === 'num_replicas' ? dep.replicas.fixed : dep.replicas.min;
    const e = writeNumber(v, n);
    return e ? [{ title: `Set ${replicaKeyName(v, String(finding.data?.key))} to ${n} (the peak plus one spare)`, edits: [e] }] : [];
  },
});
