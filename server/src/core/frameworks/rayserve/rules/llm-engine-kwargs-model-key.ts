/** model or served_model_name inside a Serve LLM config's engine_kwargs. */
import { defineRule } from '../../../rules/rule';
import { isObj, keyRangeAt, llmConfigs } from './serve-blocks';

export const llmEngineKwargsModelKey = defineRule({
  id: 'rayserve/llm-engine-kwargs-model-key',
  appliesTo: { schemas: ['rayserve', 'rayserve-llm'] },
  severity: 'error',
  title: 'model or served_model_name set in engine_kwargs',
  fix: 'none',
  sources: ['Ray `python/ray/llm/_internal/serve/engines/vllm/vllm_models.py` `VLLMEngineConfig.get_initialization_kwargs` (@0206cc45)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const c of llmConfigs(a)) {
      const ek = c.value.engine_kwargs;
      if (!isObj(ek)) continue;
      for (const key of ['model', 'served_model_name']) {
        if (ek[key] === undefined || ek[key] === null) continue;
        const target = key === 'model' ? 'model_loading_config.model_source' : 'model_loading_config.model_id';
        ctx.report({
          message: `model or served_model_name is not allowed in engine_kwargs when using Ray Serve LLM. Please use \`model_loading_config\` in LLMConfig instead: move ${key} to ${target}.`,
          range: keyRangeAt(a, [...c.path, 'engine_kwargs', key]),
        });
      }
    }
  },
});
