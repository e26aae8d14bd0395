/**
 * downscale_delay_s shorter than the replica's cold start: Ray removes a replica once the
 * load has stayed under the target that long, and a replica brought back takes the whole
 * cold start to serve again, so every dip shorter than a cold start buys a cold start of
 * over-target load when the traffic returns.
 */
import { defineRule } from '../../../rules/rule';
import { replaceScalar } from '../../../editing/edits';
import { downscaleDelayFor } from '../../../autoscale/derive';
import { autoscaledLlms } from './llm-cold-start';
import { fmt, isFiniteNum, isPath, rangeAt, scalarAt } from './serve-blocks';

export const downscaleDelayBelowColdStart = defineRule({
  id: 'rayserve/downscale-delay-below-cold-start',
  appliesTo: { schemas: ['rayserve', 'rayserve-llm'] },
  severity: 'warning',
  title: 'downscale_delay_s shorter than the estimated cold start',
  fix: 'unsafe',
  sources: ['Ray `python/ray/serve/autoscaling_policy.py` `replica_queue_length_autoscaling_policy` (read from the code index, commit not shown): a scale-down happens only once `decision_counter < -int(downscale_delay_s / CONTROL_LOOP_INTERVAL_S)`, i.e. after the decision held for `downscale_delay_s`; the older `BasicAutoscalingPolicy` in the same file (ray-project/ray @e8a87f64) counts `scale_down_consecutive_periods` the same way. Default 600 s: `AutoscalingConfig.downscale_delay_s` in `python/ray/serve/config.py`. Cold-start figures: the sources cited in `coldStart.ts` (vllm issue #44881, run-ai/runai-model-streamer issue #67)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const d of autoscaledLlms(a)) {
      const delay = d.autoscaling.downscale_delay_s;
      if (!isFiniteNum(delay) || delay >= d.cold.seconds) continue;
      const cold = Math.round(d.cold.seconds);
      const value = downscaleDelayFor(cold);
      const path = [...d.path, 'downscale_delay_s'];
      ctx.report({
        message:
          `downscale_delay_s ${fmt(delay)} in ${d.config.label} is shorter than the ~${cold} s a replica of ${d.what} takes to start (${d.cold.explain}). ` +
          `Ray removes a replica once the load has stayed below the target for ${fmt(delay)} s; when the traffic comes back, the replacement serves only ${cold} s later, and the remaining replicas run above the target until then. ` +
          `Hold replicas through at least one cold start: ${value} s covers two, rounded up to a minute and never below Ray's default of 600.`,
        range: rangeAt(a, path),
        data: { path, value },
      });
    }
  },
  fixes(finding, a) {
    const { path, value } = finding.data ?? {};
    if (!isPath(path) || typeof value !== 'number') return [];
    const node = scalarAt(a, path);
    return node ? [{ title: `Set downscale_delay_s to ${value} (two cold starts)`, edits: [replaceScalar(a.text, node, value)] }] : [];
  },
});
