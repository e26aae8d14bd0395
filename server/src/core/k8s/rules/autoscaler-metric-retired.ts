/**
 * An autoscaler on a metric the framework no longer exports reads no data: an HPA
 * reports the metric unavailable and skips scale-downs, a KEDA trigger reads an empty
 * result as 0 (kedacore/keda pkg/scalers/prometheus_scaler.go) and scales to its minimum. The retired names and their replacements
 * come from the observe metric table, where each has its source.
 */
import type { Finding } from '../../types';
import { RETIRED_METRICS, type RetiredMetric } from '../../observe/metrics';
import type { AutoscalerDoc } from '../autoscalers';

export const AUTOSCALER_METRIC_RULE = 'k8s/autoscaler-metric-retired';

/** The retired metric a name means, in PromQL's spelling or an adapter's (`:` → `_`). */
function retired(name: string): { metric: RetiredMetric; replacement?: string } | undefined {
  for (const m of RETIRED_METRICS) {
    if (m.name === name) return { metric: m, replacement: m.replacedBy };
    const adapter = m.name.replace(/:/g, '_');
    if (adapter === name) return { metric: m, replacement: m.replacedBy?.replace(/:/g, '_') };
  }
  return undefined;
}

export function autoscalerMetricRetired(doc: AutoscalerDoc): Finding[] {
  const out: Finding[] = [];
  for (const ref of doc.metrics) {
    const hit = retired(ref.name);
    if (!hit) continue;
    const { metric, replacement } = hit;
    const when = [metric.deprecatedIn && `deprecated in ${metric.deprecatedIn}`, metric.removedIn && `removed in ${metric.removedIn}`].filter(Boolean).join('; ');
    const what = replacement ? `was renamed ${replacement}${when ? ` — ${when}` : ''}` : `is not a metric ${metric.framework === 'vllm' ? 'vLLM' : metric.framework} exports`;
    // KEDA reads an empty result as 0; an HPA that cannot fetch a metric skips every scale-down (Kubernetes HPA algorithm).
    const effect = doc.kind === 'ScaledObject' ? 'the query returns nothing, KEDA reads 0 and scales to its minimum' : 'the HPA cannot fetch it, scales on its other metrics only and skips every scale-down';
    out.push({
      code: AUTOSCALER_METRIC_RULE,
      severity: 'warning',
      message: `${doc.title}: ${ref.name} ${what}; ${effect}.${replacement ? ` Use ${replacement}.` : ''}`,
      range: ref.range,
      data: replacement ? { newText: replacement } : undefined,
    });
  }
  return out;
}
