/**
 * BentoML from an autoscaling plan: the service's `traffic` (concurrency is BentoCloud's
 * per-replica scaling target, max_concurrency the admission cap) in the BentoML
 * configuration, and the replica bounds in a BentoCloud deployment config (`scaling`).
 */
import type { AutoscalePlan, Derived } from './derive';
import { comment, derivedKey, header } from './text';

/** `services: <svc>: <block>:` with derived keys: the shape both BentoML files share. */
function service(svc: string, block: string, keys: [string, Derived][]): string[] {
  return ['services:', `  ${svc}:`, `    ${block}:`, ...keys.flatMap(([k, d]) => derivedKey(k, d, 6))];
}

export function renderBentomlAutoscaling(p: AutoscalePlan): string {
  const svc = JSON.stringify(p.name);
  return [
    ...header(p, 'BentoML traffic and scaling'),
    ...comment(['BentoML configuration (BENTOML_CONFIG, version 2): the service\'s traffic.']),
    'version: 2',
    ...service(svc, 'traffic', [['concurrency', p.targetOngoing], ['max_concurrency', p.maxOngoing]]),
    '---',
    ...comment(['BentoCloud deployment config (bentoml deploy -f FILE): the replica bounds.']),
    ...service(svc, 'scaling', [['min_replicas', p.minReplicas], ['max_replicas', p.maxReplicas]]),
    '',
  ].join('\n');
}
