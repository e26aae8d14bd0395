/** model_metrics.metric_control entries need an identifier with a family and histogram buckets. */
import type { Rule } from '../../../rules/rule';
import { configOf, isObj, list, rangeAt, str } from './model-config';

export const modelMetricsIncomplete: Rule = {
  id: 'triton/model-metrics-incomplete',
  appliesTo: { formats: ['triton'] },
  defaultSeverity: 'error',
  title: 'model_metrics metric_control without identifier, family or buckets',
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg || !isObj(cfg.model_metrics)) return;
    list(cfg.model_metrics.metric_control).forEach((mc, i) => {
      if (!isObj(mc)) return;
      const path = ['model_metrics', 'metric_control', i];
      let quote: string | undefined;
      let at: (string | number)[] = path;
      if (!isObj(mc.metric_identifier)) quote = "metric control must specify 'metric_identifier'";
      else if (!str(mc.metric_identifier.family)) {
        quote = "metric identifier must specify non-empty 'family'";
        at = [...path, 'metric_identifier'];
      } else if (!isObj(mc.histogram_options)) quote = "metric control must specify 'histogram_options'";
      else if (list(mc.histogram_options.buckets).length === 0) {
        quote = "histogram options must specify non-empty 'buckets'";
        at = [...path, 'histogram_options'];
      }
      if (!quote) return;
      const r = rangeAt(ctx.analysis, at);
      ctx.report({ message: `Incomplete metric_control; Triton refuses to load the model ("${quote}").`, range: { start: r.start, end: Math.min(r.end, r.start + 1) } });
    });
  },
};
