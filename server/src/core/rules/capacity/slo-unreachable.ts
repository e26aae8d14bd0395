/**
 * Even a lone request misses a latency target on this engine: no replica count
 * can meet the SLO, only another GPU, parallelism or model can.
 */
import { defineRule } from '../rule';
import { judged, modelRange, ms } from './sla';

export const sloUnreachable = defineRule({
  id: 'capacity/slo-unreachable',
  appliesTo: {},
  severity: 'warning',
  title: 'The SLO cannot be met on this engine at any request rate',
  fix: 'none',
  sources: ['The planner\'s scheduler simulation (`server/src/core/planner/simulate.ts`) on the capacity model\'s step times; its accuracy is in `docs/capacity-model.md` ("SLA planner")'],
  check(ctx) {
    for (const j of judged(ctx.analysis)) {
      if (j.sla.op.maxRps > 0) continue;
      const slo = j.sla.targets.slo!;
      const u = j.sla.op.unloaded;
      const misses = slo.targets
        .map((t) => {
          const p = t.metric === 'ttft' ? u.ttftMs : t.metric === 'tpot' ? u.tpotMs : u.e2eMs;
          const v = t.percentile === 50 ? p.p50 : t.percentile === 90 ? p.p90 : t.percentile === 95 ? p.p95 : p.p99;
          return v > t.ms ? `${t.metric} p${t.percentile} ${ms(v)} against ${ms(t.ms)}` : undefined;
        })
        .filter(Boolean);
      const e = j.pe.estimate!;
      ctx.report({
        message: `No request rate meets ${j.slo} (${j.where}) on ${e.gpu?.id} × ${e.tensorParallel * e.pipelineParallel}: even one request at a time gives ${misses.join(', ')}. More replicas cannot fix this; \`servescope plan\` searches GPUs and parallelism that can.`,
        range: modelRange(j.pe),
        data: { deployment: j.index },
      });
    }
  },
});
