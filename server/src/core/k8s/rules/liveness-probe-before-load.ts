/**
 * The kubelet restarts a container whose liveness probe fails `failureThreshold`
 * times in a row, starting `initialDelaySeconds` after the container starts (defaults:
 * 0 s delay, a probe every 10 s, 3 failures; a startupProbe holds the liveness probe
 * off until it succeeds). vLLM answers /health only once the weights are loaded and
 * the engine has profiled and captured its graphs, so a probe budget shorter than
 * the cold start restarts the server before it ever serves: CrashLoopBackOff.
 * The cold start is the planner's estimate (core/planner/coldStart.ts).
 */
import type { Analysis } from '../../analysis';
import { coldStart } from '../../planner/coldStart';
import type { Finding, SourceNode } from '../../types';
import type { ManifestSource } from '../manifest';
import { asMap, count, field } from '../nodes';

export const LIVENESS_RULE = 'k8s/liveness-probe-before-load';

/** Seconds after container start at which a probe that keeps failing gives up. */
function budget(probe: SourceNode): number {
  const delay = count(probe, 'initialDelaySeconds') ?? 0;
  const period = count(probe, 'periodSeconds') ?? 10;
  const failures = count(probe, 'failureThreshold') ?? 3;
  return delay + period * failures;
}

export function livenessProbeBeforeLoad(src: ManifestSource, inner: Analysis): Finding[] {
  if (src.format !== 'vllm' || src.family !== 'Kubernetes') return [];
  const container = src.anchor;
  const probe = field(container, 'startupProbe') ?? field(container, 'livenessProbe');
  if (!probe || !asMap(probe)) return [];
  const weights = inner.estimates.find((e) => e.estimate?.memory)?.estimate?.memory?.weightsGib;
  if (weights === undefined) return [];
  const cold = coldStart(weights);
  const limit = budget(probe);
  if (limit >= cold.seconds) return [];
  const which = field(container, 'startupProbe') ? 'startupProbe' : 'livenessProbe';
  const delayNode = field(probe, 'initialDelaySeconds');
  const period = count(probe, 'periodSeconds') ?? 10;
  const failures = count(probe, 'failureThreshold') ?? 3;
  const want = Math.ceil(cold.seconds - period * failures);
  const pair = asMap(container)!.pairs.find((p) => p.key.value === which)!;
  return [
    {
      code: LIVENESS_RULE,
      severity: 'warning',
      message: `${src.label}: the ${which} gives up ${limit} s after the container starts, but vLLM needs about ${Math.round(cold.seconds)} s before /health answers (${cold.explain}). The kubelet restarts it before it serves: CrashLoopBackOff. ${which === 'livenessProbe' ? 'Add a startupProbe with enough failureThreshold × periodSeconds, or raise initialDelaySeconds' : 'Raise its failureThreshold or initialDelaySeconds'} to cover the load.`,
      range: (delayNode ?? pair.key).range,
      data: delayNode && want > 0 ? { newText: String(want) } : undefined,
    },
  ];
}
