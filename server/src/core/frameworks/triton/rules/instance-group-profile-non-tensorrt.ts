/** Instance-group `profile` selects TensorRT optimisation profiles; other models reject it. */
import { defineRule } from '../../../rules/rule';
import { configOf, isEnsemble, isObj, keyRangeAt, list, modelName, rangeAt, resolvePlatform, str } from './model-config';

export const instanceGroupProfileNonTensorrt = defineRule({
  id: 'triton/instance-group-profile-non-tensorrt',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Instance group profile on a non-TensorRT model, or a profile that is not an index',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateInstanceGroup`, `GetProfileIndex` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg || isEnsemble(cfg)) return;
    const r = resolvePlatform(cfg);
    list(cfg.instance_group).forEach((g, i) => {
      if (!isObj(g)) return;
      const profiles = list(g.profile);
      if (profiles.length === 0) return;
      const group = str(g.name) ?? `${modelName(cfg)}_${i}`;
      if (r && r.platform !== 'tensorrt_plan') {
        ctx.report({
          message: `profile is only for TensorRT models (this one is ${r.platform || r.backend}); Triton rejects the config ("instance group ${group} of model ${modelName(cfg)} and platform ${r.platform}specifies profile field which is only supported for TensorRT models"). Remove profile.`,
          range: keyRangeAt(ctx.analysis, ['instance_group', i, 'profile']),
        });
        return;
      }
      profiles.forEach((p, j) => {
        // Triton reads the index with stoi: a leading integer is enough, negative ones are refused.
        if (typeof p !== 'string' || (/^\s*[+-]?\d/.test(p) && parseInt(p, 10) >= 0)) return;
        ctx.report({
          message: `profile "${p}" is not a profile index; Triton rejects the config ("... specifies invalid profile ${p}. The field should contain the string representation of a non-negative integer.").`,
          range: rangeAt(ctx.analysis, ['instance_group', i, 'profile', j]),
        });
      });
    });
  },
});
