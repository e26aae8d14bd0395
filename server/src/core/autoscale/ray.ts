/**
 * Ray Serve deployment options from an autoscaling plan: `max_ongoing_requests` and an
 * `autoscaling_config`, to paste under a deployment (or an LLMConfig's deployment_config).
 * Ray scales to ceil(total ongoing / target_ongoing_requests) after the load has stayed past
 * the target for upscale_delay_s (down: downscale_delay_s) — python/ray/serve/autoscaling_policy.py.
 */
import type { AutoscalePlan } from './derive';
import { comment, derivedKey, header } from './text';

export function renderRayAutoscaling(p: AutoscalePlan): string {
  const lines = [
    ...header(p, 'Ray Serve autoscaling'),
    ...comment(['Paste under the deployment: applications[].deployments[] or an LLMConfig\'s deployment_config.']),
    ...derivedKey('max_ongoing_requests', p.maxOngoing, 0),
    'autoscaling_config:',
    ...derivedKey('min_replicas', p.minReplicas, 2),
    ...derivedKey('max_replicas', p.maxReplicas, 2),
    ...derivedKey('target_ongoing_requests', p.targetOngoing, 2),
    ...derivedKey('upscale_delay_s', p.upscaleDelayS, 2),
    ...derivedKey('downscale_delay_s', p.downscaleDelayS, 2),
  ];
  return lines.join('\n') + '\n';
}
