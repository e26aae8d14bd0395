/** experimental_configs.num_router_replicas, renamed to num_ingress_replicas. */
import { defineRule } from '../../../rules/rule';
import { renameKey } from '../../../editing/edits';
import { isObj, llmConfigs, loc } from './serve-blocks';

export const llmNumRouterReplicasRenamed = defineRule({
  id: 'rayserve/llm-num-router-replicas-renamed',
  appliesTo: { schemas: ['rayserve', 'rayserve-llm'] },
  severity: 'error',
  title: 'experimental_configs.num_router_replicas was renamed',
  fix: 'safe',
  sources: ['Ray `python/ray/llm/_internal/serve/core/configs/llm_config.py` `validate_experimental_configs` (ray-project/ray @1190ecb4)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const c of llmConfigs(a)) {
      const ex = c.value.experimental_configs;
      if (!isObj(ex) || !Object.prototype.hasOwnProperty.call(ex, 'num_router_replicas')) continue;
      const key = loc(a, [...c.path, 'experimental_configs', 'num_router_replicas']).key;
      if (!key) continue;
      ctx.report({
        message: `The 'num_router_replicas' key in experimental_configs has been renamed to 'num_ingress_replicas'. Please update your configuration to use 'num_ingress_replicas' instead. Recent Ray Serve LLM releases reject the old name.`,
        range: key.range,
        tags: ['deprecated'],
        data: { replacement: 'num_ingress_replicas' },
      });
    }
  },
  fixes(finding, a) {
    const key = { kind: 'scalar' as const, range: finding.range, value: 'num_router_replicas', source: a.text.slice(finding.range.start, finding.range.end) };
    return [{ title: 'Rename to num_ingress_replicas', edits: [renameKey(key, 'num_ingress_replicas')] }];
  },
});
