/**
 * Ray Serve scales on ongoing requests per replica. A target above the number in
 * flight at the SLO operating point means each replica is past its SLO before the
 * autoscaler adds another: latency breaks first, scaling comes later.
 */
import { defineRule } from '../rule';
import { deploymentOf } from './engineArgs';
import { judged, ms, r2, writeNumber } from './sla';

export const autoscalingTargetAboveSlo = defineRule({
  id: 'capacity/autoscaling-target-above-slo',
  appliesTo: {},
  severity: 'warning',
  title: 'The autoscaling target sits above the concurrency at which the SLO still holds',
  fix: 'unsafe',
  sources: ['Ray Serve\'s autoscaling on ongoing requests (`python/ray/serve/config.py`, `AutoscalingConfig`); the planner\'s simulation for the operating point'],
  check(ctx) {
    for (const j of judged(ctx.analysis)) {
      const target = j.pe.deployment.replicas.targetOngoing;
      const ongoing = j.sla.ongoingAtOperatingPoint;
      if (!target || ongoing === undefined || !(j.sla.op.maxRps > 0)) continue;
      const limit = Math.max(1, Math.floor(ongoing));
      if (target.value <= limit) continue;
      const at = j.sla.op.at;
      ctx.report({
        message:
          `target_ongoing_requests ${target.value} is above the ${r2(ongoing)} requests a replica has in flight at its SLO operating point ` +
          `(${r2(j.sla.op.maxRps)} req/s, p95 TTFT ${ms(at.ttftMs.p95)}, p95 TPOT ${ms(at.tpotMs.p95)} for ${j.slo}): replicas break the SLO before Ray Serve scales out.`,
        range: target.range ?? target.keyRange ?? j.pe.deployment.range,
        data: { deployment: j.index, target: limit },
      });
    }
  },
  fixes(finding, a) {
    const dep = deploymentOf(a, finding.data);
    const n = finding.data?.target;
    if (!dep || typeof n !== 'number') return [];
    const e = writeNumber(dep.replicas.targetOngoing, n);
    return e ? [{ title: `Set target_ongoing_requests to ${n} (in flight at the SLO operating point)`, edits: [e] }] : [];
  },
});
