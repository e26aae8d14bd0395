/** A sequence batching control_input without a tensor name. */
import type { Rule } from '../../../rules/rule';
import { configOf, modelName, rangeAt } from './model-config';
import { controlTensors } from './sequence-controls';

export const sequenceControlTensorNoName: Rule = {
  id: 'triton/sequence-control-tensor-no-name',
  appliesTo: { formats: ['triton'] },
  defaultSeverity: 'error',
  title: 'Sequence batching control tensor without a name',
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
};
