/** A step input listed twice in input_map: protobuf keeps only the last mapping. */
import { defineRule } from '../../../rules/rule';
import { configOf, rangeAt, str } from './model-config';
import { ensembleSteps } from './ensemble-steps';

export const ensembleInputMappedTwice = defineRule({
  id: 'triton/ensemble-input-mapped-twice',
  appliesTo: { formats: ['triton'] },
  severity: 'warning',
  title: 'Step input mapped to several ensemble tensors',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `BuildEnsembleGraph` (@73aad7c3, 2026-06-09); QA `qa/L0_model_config/autofill_noplatform/ensemble/tensor_to_input_overmapped` (triton-inference-server/server @e1db8a60)'],
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
});
