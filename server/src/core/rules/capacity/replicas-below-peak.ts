/**
 * The replicas the file allows (a fixed count, the autoscaler's maximum, or the
 * one server a vLLM config is) carry less than the stated peak within the SLO.
 */
import { defineRule } from '../rule';
import { deploymentOf } from './engineArgs';
import { judged, modelRange, r2, replicaKeyName, writeNumber } from './sla';

export const replicasBelowPeak = defineRule({
  id: 'capacity/replicas-below-peak',
  appliesTo: {},
  severity: 'warning',
  title: 'The replicas allowed cannot carry the peak request rate within the SLO',
  fix: 'unsafe',
  sources: ['The planner\'s operating point (`server/src/core/planner/operatingPoint.ts`) and fleet sizing (`fleet.ts`); traffic is assumed spread evenly over replicas'],
  check(ctx) {
    for (const j of judged(ctx.analysis)) {
      const per = j.sla.op.maxRps;
      if (!(per > 0) || !j.sla.replicasPlanned) continue;
      const r = j.pe.deployment.replicas;
      const cap = r.fixed ?? r.max;
      const allowed = cap?.value ?? 1;
      if (allowed * per >= j.peak) continue;
      const key = r.fixed ? 'num_replicas' : r.max ? 'max_replicas' : undefined;
      ctx.report({
        message:
          `${allowed} replica${allowed === 1 ? ' carries' : 's carry'} ${r2(allowed * per)} req/s within ${j.slo}; the peak is ${r2(j.peak)} req/s (${j.where}). ` +
          `One replica meets the SLO up to ${r2(per)} req/s, so the peak needs ${j.sla.replicasForPeak}, or ${j.sla.replicasPlanned} with one spare.`,
        range: cap?.range ?? modelRange(j.pe),
        data: { deployment: j.index, key, replicas: j.sla.replicasPlanned },
      });
    }
  },
  fixes(finding, a) {
    const dep = deploymentOf(a, finding.data);
    const n = finding.data?.replicas;
    if (!dep || typeof n !== 'number') return [];
    const key = finding.data?.key;
    const v = key === 'num_replicas' ? dep.replicas.fixed : key === 'max_replicas' ? dep.replicas.max : undefined;
    const e = writeNumber(v, n);
    return e ? [{ title: `Set ${replicaKeyName(v, String(key))} to ${n} (the peak at the SLO operating point, plus one spare)`, edits: [e] }] : [];
  },
});
