/** GPU ids are device indexes: never negative. */
import type { Rule } from '../../../rules/rule';
import { configOf, int, isEnsemble, isObj, list, modelName, rangeAt, str } from './model-config';

export const instanceGroupNegativeGpu: Rule = {
  id: 'triton/instance-group-negative-gpu',
  appliesTo: { formats: ['triton'] },
  defaultSeverity: 'error',
  title: 'Negative GPU id in an instance group',
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg || isEnsemble(cfg)) return;
    list(cfg.instance_group).forEach((g, i) => {
      if (!isObj(g) || (g.kind !== 'KIND_GPU' && g.kind !== undefined && g.kind !== 'KIND_AUTO')) return;
      list(g.gpus).forEach((id, j) => {
        const n = int(id);
        if (n === undefined || n >= 0) return;
        const group = str(g.name) ?? `${modelName(cfg)}_${i}`;
        ctx.report({
          message: `GPU id ${n} does not exist; Triton rejects the config ("instance group ${group} of model ${modelName(cfg)} specifies invalid or unsupported gpu id ${n}. ..."). Use a device index from 0.`,
          range: rangeAt(ctx.analysis, ['instance_group', i, 'gpus', j]),
        });
      });
    });
  },
};
