/** Two llm_configs of one application serve the same model id. */
import { defineRule } from '../../../rules/rule';
import { applications, isObj, rangeAt } from './serve-blocks';

export const llmDuplicateModelIds = defineRule({
  id: 'rayserve/llm-duplicate-model-ids',
  appliesTo: { schemas: ['rayserve'] },
  severity: 'error',
  title: 'Two llm_configs with the same model id',
  fix: 'none',
  sources: ['Ray `python/ray/llm/_internal/serve/core/ingress/builder.py` `LLMServingArgs._validate_model_ids` (@035b7933)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const app of applications(a)) {
      const args = app.value.args;
      if (!isObj(args) || !Array.isArray(args.llm_configs)) continue;
      const seen = new Map<string, string[]>();
      args.llm_configs.forEach((c, i) => {
        // Configs given as file paths are read at deploy time; only inline ones are compared.
        if (!isObj(c) || !isObj(c.model_loading_config)) return;
        const id = c.model_loading_config.model_id;
        if (typeof id !== 'string') return;
        const path = [...app.path, 'args', 'llm_configs', String(i), 'model_loading_config', 'model_id'];
        const first = seen.get(id);
        if (!first) {
          seen.set(id, path);
          return;
        }
        ctx.report({
          message: `Duplicate models found. Make sure model ids are unique. "${id}" is already served by an earlier entry of llm_configs in application ${app.label}; Ray Serve LLM refuses to build the app. Give this entry another model_id.`,
          range: rangeAt(a, path),
          related: [{ range: rangeAt(a, first), message: `First model_id "${id}"` }],
        });
      });
    }
  },
});
