/** engine_kwargs.disable_log_stats: true while log_engine_metrics is on (its default in recent Ray). */
import { defineRule } from '../../../rules/rule';
import { deletePairAt, isObj, isPath, llmConfigs, rangeAt } from './serve-blocks';

export const llmDisableLogStatsWithMetrics = defineRule({
  id: 'rayserve/llm-disable-log-stats-with-metrics',
  appliesTo: { schemas: ['rayserve', 'rayserve-llm'] },
  severity: 'error',
  title: 'disable_log_stats with engine metrics enabled',
  fix: 'unsafe',
  sources: ['Ray `python/ray/llm/_internal/serve/core/configs/llm_config.py` `_check_log_stats_with_metrics` (ray-project/ray @1190ecb4)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const c of llmConfigs(a)) {
      const ek = c.value.engine_kwargs;
      if (!isObj(ek) || ek.disable_log_stats !== true) continue;
      const metrics = c.value.log_engine_metrics;
      if (metrics === false) continue;
      const explicit = metrics === true;
      const path = [...c.path, 'engine_kwargs', 'disable_log_stats'];
      ctx.report({
        message:
          `disable_log_stats cannot be set to True when log_engine_metrics is enabled. Engine metrics require log stats to be enabled.` +
          (explicit ? '' : ' log_engine_metrics is not set and defaults to true in recent Ray Serve LLM releases (it defaulted to false in early ones).') +
          ' Remove disable_log_stats, or set log_engine_metrics: false.',
        range: rangeAt(a, path),
        // With the default, older Ray versions accept it: say so with a lower severity.
        severity: explicit ? 'error' : 'warning',
        related: explicit ? [{ range: rangeAt(a, [...c.path, 'log_engine_metrics']), message: 'log_engine_metrics' }] : undefined,
        data: { path },
      });
    }
  },
  fixes(finding, a) {
    const path = finding.data?.path;
    if (!isPath(path)) return [];
    const del = deletePairAt(a, path);
    return del ? [{ title: 'Remove disable_log_stats (keep engine metrics)', edits: [del] }] : [];
  },
});
