/** No backend after Triton's normalisation and a platform it does not know. */
import { defineRule } from '../../../rules/rule';
import { configOf, keyRangeAt, modelName, rangeAt, resolvePlatform } from './model-config';

export const unknownPlatform = defineRule({
  id: 'triton/unknown-platform',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Platform Triton does not know, with no backend',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateModelConfig`, `AutoCompleteBackendFields` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    const r = resolvePlatform(cfg);
    if (!r || r.backend || r.platform === 'ensemble') return;
    const range = typeof cfg.platform === 'string' ? rangeAt(ctx.analysis, ['platform']) : keyRangeAt(ctx.analysis, ['default_model_filename']);
    ctx.report({
      message: `Triton cannot tell which backend runs this model${r.platform ? ` (platform "${r.platform}" is not one it maps to a backend)` : ''}; it rejects the config ("unexpected platform type '${r.platform}' for ${modelName(cfg)}"). Set backend (e.g. "python", "onnxruntime", "tensorrt") or a known platform.`,
      range,
    });
  },
});
