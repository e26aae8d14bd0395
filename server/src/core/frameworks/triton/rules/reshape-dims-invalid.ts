/** Every reshape.shape entry must be >= 1 or -1 (variable size). */
import type { Rule } from '../../../rules/rule';
import { configOf, int, isObj, list, modelName, rangeAt } from './model-config';
import { ioLabel, ioTensors } from './io-tensors';

export const reshapeDimsInvalid: Rule = {
  id: 'triton/reshape-dims-invalid',
  appliesTo: { formats: ['triton'] },
  defaultSeverity: 'error',
  title: 'Reshape dimension of 0 or below -1',
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    for (const t of ioTensors(cfg)) {
      if (!isObj(t.io.reshape)) continue;
      list(t.io.reshape.shape).forEach((d, i) => {
        const n = int(d);
        if (n === undefined || n >= 1 || n === -1) return;
        ctx.report({
          message: `Reshape dimension ${n} of ${t.side} "${t.name ?? ''}" is invalid; Triton rejects the config ("${ioLabel(t)} reshape dimensions must be integer >= 1, or -1 to indicate a variable-size dimension for ${modelName(cfg)}").`,
          range: rangeAt(ctx.analysis, [...t.path, 'reshape', 'shape', i]),
        });
      });
    }
  },
};
