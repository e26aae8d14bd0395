/**
 * Ray Serve LLM routes each request with power-of-two choices by default: two random
 * replicas, the shorter queue wins. That spreads load, but a multi-turn session's
 * history (or any long shared prefix) is cached only on the replicas that served it,
 * so with N replicas a turn finds its prefix cached about one time in N.
 * PrefixCacheAffinityRouter sends a request to a replica that already holds its
 * prefix while load stays balanced (Ray docs, "PrefixCacheAffinityRouter for LLM
 * inference optimization"; ray.serve.config.RequestRouterConfig). Only suggested when
 * the user states a high prefix-cache hit ratio, since for unrelated prompts the
 * default is right.
 */
import { defineRule } from '../../../rules/rule';
import { insertIntoMap } from '../../../editing/edits';
import { statedPrefixHitRatio } from '../../../planner/inFile';
import { firstKeyRange, isObj, isPath, keyRangeAt, llmConfigs, loc } from './serve-blocks';

/** Below this, routing for cache locality gains little against even spreading. */
const MIN_HIT = 0.3;
export const PREFIX_ROUTER = 'ray.serve.llm.request_router.PrefixCacheAffinityRouter';

export const llmPrefixAffinityRouting = defineRule({
  id: 'rayserve/llm-prefix-affinity-routing',
  appliesTo: { schemas: ['rayserve', 'rayserve-llm'] },
  severity: 'information',
  title: 'Traffic with shared prefixes over several replicas: route for prefix-cache affinity',
  fix: 'unsafe',
  sources: ['Ray documentation, "PrefixCacheAffinityRouter for LLM inference optimization" (alpha API) and `ray.serve.config.RequestRouterConfig` (default `PowerOfTwoChoicesRequestRouter`); Ray Serve LLM\'s routing architecture page (power-of-two is the default)'],
  check(ctx) {
    const a = ctx.analysis;
    const hit = statedPrefixHitRatio(a.settings, a.modeline);
    if (hit === undefined || hit < MIN_HIT) return;
    for (const c of llmConfigs(a)) {
      const dc = isObj(c.value.deployment_config) ? c.value.deployment_config : {};
      const auto = isObj(dc.autoscaling_config) ? dc.autoscaling_config : undefined;
      const replicas = typeof dc.num_replicas === 'number' ? dc.num_replicas : typeof auto?.max_replicas === 'number' ? auto.max_replicas : 1;
      if (replicas < 2) continue;
      const router = isObj(dc.request_router_config) ? dc.request_router_config.request_router_class : undefined;
      if (typeof router === 'string' && !/PowerOfTwoChoices/.test(router)) continue;
      const ek = isObj(c.value.engine_kwargs) ? c.value.engine_kwargs : {};
      if (ek.enable_prefix_caching === false) continue;
      const path = [...c.path, 'deployment_config'];
      ctx.report({
        message:
          `${Math.round(hit * 100)}% of prompt tokens are stated to hit the prefix cache, but requests are spread over up to ${replicas} replicas by power-of-two choices: ` +
          `a session's cached prefix sits on the replica that served it, so a turn lands there about 1 time in ${replicas} and recomputes the prefix otherwise. ` +
          `Route with ${PREFIX_ROUTER} (request_router_config.request_router_class), which keeps shared prefixes on one replica while load stays balanced.`,
        range: isObj(c.value.deployment_config) ? keyRangeAt(a, path) : firstKeyRange(a, c.path),
        data: { path, hasRouterConfig: isObj(dc.request_router_config) },
      });
    }
  },
  fixes(finding, a) {
    const path = finding.data?.path;
    if (!isPath(path) || finding.data?.hasRouterConfig) return [];
    const dc = loc(a, path).node;
    if (dc?.kind !== 'map' || !dc.pairs.length) return [];
    const edit = insertIntoMap(a.text, dc, `request_router_config:\n  request_router_class: ${PREFIX_ROUTER}`, 'yaml');
    return [{ title: 'Route with PrefixCacheAffinityRouter', edits: [edit] }];
  },
});
