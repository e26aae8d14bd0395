/** Every dims entry must be >= 1 or -1 (variable size). */
import type { Rule } from '../../../rules/rule';
import { configOf, int, list, modelName, rangeAt } from './model-config';
import { ioLabel, ioTensors } from './io-tensors';

export const ioDimsInvalid: Rule = {
  id: 'triton/io-dims-invalid',
  appliesTo: { formats: ['triton'] },
  defaultSeverity: 'error',
  title: 'Tensor dimension of 0 or below -1',
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    for (const t of ioTensors(cfg)) {
      list(t.io.dims).forEach((d, i) => {
        const n = int(d);
        if (n === undefined || n >= 1 || n === -1) return;
        ctx.report({
          message: `Dimension ${n} of ${t.side} "${t.name ?? ''}" is invalid; Triton rejects the config ("${ioLabel(t)} dimension must be integer >= 1, or -1 to indicate a variable-size dimension for ${modelName(cfg)}"). Use the size, or -1 for a variable size.`,
          range: rangeAt(ctx.analysis, [...t.path, 'dims', i]),
        });
      });
    }
  },
};
