/** engine_kwargs.kv_transfer_config without a kv_connector. */
import { defineRule } from '../../../rules/rule';
import { isObj, keyRangeAt, llmConfigs } from './serve-blocks';

export const llmKvConnectorInvalid = defineRule({
  id: 'rayserve/llm-kv-connector-invalid',
  appliesTo: { schemas: ['rayserve', 'rayserve-llm'] },
  severity: 'error',
  title: 'kv_transfer_config without kv_connector',
  fix: 'none',
  sources: ['Ray `python/ray/llm/_internal/serve/core/configs/llm_config.py` `_setup_kv_connector_backend` (ray-project/ray @1190ecb4)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const c of llmConfigs(a)) {
      const ek = c.value.engine_kwargs;
      if (!isObj(ek) || !isObj(ek.kv_transfer_config)) continue;
      const conn = ek.kv_transfer_config.kv_connector;
      if (typeof conn === 'string' && conn !== '') continue;
      ctx.report({
        message: `Connector type is not specified. Ray Serve LLM sets up the KV connector named by kv_transfer_config.kv_connector (e.g. NixlConnector, LMCacheConnectorV1) and stops without it; add kv_connector.`,
        range: keyRangeAt(a, [...c.path, 'engine_kwargs', 'kv_transfer_config']),
      });
    }
  },
});
