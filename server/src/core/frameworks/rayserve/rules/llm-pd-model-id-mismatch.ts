/** Prefill/decode disaggregation with different model ids on the two sides. */
import { defineRule } from '../../../rules/rule';
import { replaceScalar } from '../../../editing/edits';
import { applications, isObj, isPath, rangeAt, scalarAt } from './serve-blocks';

export const llmPdModelIdMismatch = defineRule({
  id: 'rayserve/llm-pd-model-id-mismatch',
  appliesTo: { schemas: ['rayserve'] },
  severity: 'error',
  title: 'Prefill and decode configs serve different model ids',
  fix: 'unsafe',
  sources: ['Ray Serve LLM prefill/decode builder (`python/ray/llm/_internal/serve/...`), `PDServingArgs` model-id validator behind `build_pd_openai_app` (Ray master, read from the code index; the file moved between releases)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const app of applications(a)) {
      const args = app.value.args;
      if (!isObj(args) || !isObj(args.prefill_config) || !isObj(args.decode_config)) continue;
      const p = isObj(args.prefill_config.model_loading_config) ? args.prefill_config.model_loading_config.model_id : undefined;
      const d = isObj(args.decode_config.model_loading_config) ? args.decode_config.model_loading_config.model_id : undefined;
      if (typeof p !== 'string' || typeof d !== 'string' || p === d) continue;
      const pPath = [...app.path, 'args', 'prefill_config', 'model_loading_config', 'model_id'];
      const dPath = [...app.path, 'args', 'decode_config', 'model_loading_config', 'model_id'];
      ctx.report({
        message: `P/D model id mismatch: prefill serves "${p}" and decode serves "${d}". Both sides of a prefill/decode deployment must use the same model_id; the builder rejects the app.`,
        range: rangeAt(a, dPath),
        related: [{ range: rangeAt(a, pPath), message: 'prefill model_id' }],
        data: { path: dPath, value: p },
      });
    }
  },
  fixes(finding, a) {
    const { path, value } = finding.data ?? {};
    if (!isPath(path) || typeof value !== 'string') return [];
    const node = scalarAt(a, path);
    return node ? [{ title: `Set the decode model_id to "${value}" (the prefill one)`, edits: [replaceScalar(a.text, node, value)] }] : [];
  },
});
