/**
 * KEDA's Prometheus scaler takes one number from its query. With more than one series
 * in the result it fails the trigger with "prometheus query … returned multiple
 * elements" (kedacore/keda pkg/scalers/prometheus_scaler.go), and a query on a
 * per-pod metric returns one series per replica as soon as there are two.
 */
import type { Finding } from '../../types';
import type { AutoscalerDoc } from '../autoscalers';
import { returnsOneSeries } from '../promql';

export const KEDA_QUERY_RULE = 'k8s/keda-query-not-aggregated';

export function kedaQueryNotAggregated(host: string, doc: AutoscalerDoc): Finding[] {
  const out: Finding[] = [];
  for (const q of doc.queries) {
    if (returnsOneSeries(q.text)) continue;
    const src = host.slice(q.node.range.start, q.node.range.end);
    // Only a one-line plain or quoted query is rewritten; a block scalar keeps its layout.
    const plain = src === q.text;
    const quoted = /^["']/.test(src) && src.slice(1, -1) === q.text;
    out.push({
      code: KEDA_QUERY_RULE,
      severity: 'warning',
      message: `${doc.title}: this query returns one series per pod, and KEDA's Prometheus scaler fails with "returned multiple elements" once there are two replicas. Aggregate it, e.g. sum(${q.text.trim()}).`,
      range: q.node.range,
      data: plain || quoted ? { newText: plain ? `sum(${q.text.trim()})` : `${src[0]}sum(${q.text.trim()})${src[0]}` } : undefined,
    });
  }
  return out;
}
