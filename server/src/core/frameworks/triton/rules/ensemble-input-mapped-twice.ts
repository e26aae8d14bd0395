/** A step input listed twice in input_map: protobuf keeps only the last mapping. */
import type { Rule } from '../../../rules/rule';
import { configOf, rangeAt, str } from './model-config';
import { ensembleSteps } from './ensemble-steps';

export const ensembleInputMappedTwice: Rule = {
  id: 'triton/ensemble-input-mapped-twice',
  appliesTo: { formats: ['triton'] },
  defaultSeverity: 'warning',
  title: 'Step input mapped to several ensemble tensors',
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    for (const s of ensembleSteps(cfg) ?? []) {
      for (const e of s.inputs) {
        if (e.effective) continue;
        const last = [...s.inputs].reverse().find((x) => x.key === e.key);
        ctx.report({
          message: `Input "${e.key}" of ${s.modelName ?? `step ${s.index}`} is mapped more than once; only the last mapping (${str(last?.value) ?? '?'}) counts, so "${str(e.value) ?? '?'}" is dropped (Triton then usually reports "ensemble tensor '${str(e.value) ?? '?'}' is unused"). Keep one mapping per input.`,
          range: rangeAt(ctx.analysis, [...s.path, 'input_map', e.index, 'value']),
        });
      }
    }
  },
};
