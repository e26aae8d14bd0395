/** GPU ids beyond the GPUs the server has, when the hardware is declared (setting or modeline). */
import { defineRule } from '../../../rules/rule';
import { configOf, fmt, int, isEnsemble, isObj, list, modelName, rangeAt, str } from './model-config';

export const instanceGroupGpuOutOfRange = defineRule({
  id: 'triton/instance-group-gpu-out-of-range',
  appliesTo: { formats: ['triton'] },
  severity: 'warning',
  title: 'Instance group GPU id beyond the declared GPU count',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateInstanceGroup` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    const count = ctx.analysis.modeline?.count ?? ctx.analysis.settings.hardware.count;
    if (!cfg || isEnsemble(cfg) || !count) return;
    list(cfg.instance_group).forEach((g, i) => {
      if (!isObj(g) || g.kind === 'KIND_CPU' || g.kind === 'KIND_MODEL') return;
      list(g.gpus).forEach((id, j) => {
        const n = int(id);
        if (n === undefined || n < count) return;
        const group = str(g.name) ?? `${modelName(cfg)}_${i}`;
        ctx.report({
          message: `GPU ${fmt(n)} does not exist on the declared ${fmt(count)}-GPU server (ids 0–${fmt(count - 1)}); Triton would reject the config ("instance group ${group} of model ${modelName(cfg)} specifies invalid or unsupported gpu id ${n}. ...").`,
          range: rangeAt(ctx.analysis, ['instance_group', i, 'gpus', j]),
        });
      });
    });
  },
});
