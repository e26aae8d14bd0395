/** A sequence batching control_input without a tensor name. */
import { defineRule } from '../../../rules/rule';
import { configOf, modelName, rangeAt } from './model-config';
import { controlTensors } from './sequence-controls';

export const sequenceControlTensorNoName = defineRule({
  id: 'triton/sequence-control-tensor-no-name',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Sequence batching control tensor without a name',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `GetBooleanSequenceControlProperties` / `GetTypedSequenceControlProperties` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    for (const t of controlTensors(cfg)) {
      if (t.name) continue;
      ctx.report({
        message: `This control_input has no name; Triton rejects the config ("sequence batching control tensor must have a name for ${modelName(cfg)}"). Add the name of the model input that receives the control.`,
        range: rangeAt(ctx.analysis, t.path),
      });
    }
  },
});
