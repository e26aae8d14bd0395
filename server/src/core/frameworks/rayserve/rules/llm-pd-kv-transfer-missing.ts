/** A prefill or decode config without the KV transfer settings P/D needs. */
import { defineRule } from '../../../rules/rule';
import { applications, isObj, keyRangeAt } from './serve-blocks';

export const llmPdKvTransferMissing = defineRule({
  id: 'rayserve/llm-pd-kv-transfer-missing',
  appliesTo: { schemas: ['rayserve'] },
  severity: 'error',
  title: 'Prefill/decode config without kv_transfer_config',
  fix: 'none',
  sources: ['Ray Serve LLM prefill/decode builder, `PDServingArgs` kv_transfer_config validator behind `build_pd_openai_app` (Ray master, read from the code index; the file moved between releases)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const app of applications(a)) {
      const args = app.value.args;
      if (!isObj(args) || !isObj(args.prefill_config) || !isObj(args.decode_config)) continue;
      // The early internal builder (prefill_decode_disagg:build_app) filled a connector in itself.
      if (app.value.import_path !== 'ray.serve.llm:build_pd_openai_app') continue;
      for (const side of ['prefill_config', 'decode_config'] as const) {
        const cfg = args[side] as Record<string, unknown>;
        const ek = isObj(cfg.engine_kwargs) ? cfg.engine_kwargs : undefined;
        // SGLang sides are checked for disaggregation_transfer_backend instead.
        const sglang = cfg.llm_engine === 'SGLang';
        const needed = sglang ? 'disaggregation_transfer_backend' : 'kv_transfer_config';
        const v = ek?.[needed];
        if (sglang ? Boolean(v) : v !== undefined && v !== null) continue;
        const base = [...app.path, 'args', side];
        ctx.report({
          message: sglang
            ? `disaggregation_transfer_backend is required for SGLang P/D disaggregation. Add it to ${side}.engine_kwargs.`
            : `kv_transfer_config is required for P/D disaggregation (ray.serve.llm:build_pd_openai_app in current Ray). Add engine_kwargs.kv_transfer_config (e.g. kv_connector: NixlConnector, kv_role: kv_both) to ${side}.`,
          range: ek ? keyRangeAt(a, [...base, 'engine_kwargs']) : keyRangeAt(a, base),
        });
      }
    }
  },
});
