/** The same control tensor name listed in several control_input entries. */
import { defineRule } from '../../../rules/rule';
import { configOf, modelName, rangeAt } from './model-config';
import { controlTensors } from './sequence-controls';

export const sequenceControlTensorMultipleKinds = defineRule({
  id: 'triton/sequence-control-tensor-multiple-kinds',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'One control tensor used by several control_input entries',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` sequence control helpers (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    const first = new Map<string, (string | number)[]>();
    for (const t of controlTensors(cfg)) {
      if (!t.name) continue;
      const prev = first.get(t.name);
      if (!prev) {
        first.set(t.name, [...t.path, 'name']);
        continue;
      }
      ctx.report({
        message: `Control tensor "${t.name}" is already used by another control_input; Triton rejects the config ("sequence batching control tensor '${t.name}' is specified for multiple control kinds for ${modelName(cfg)}"). Give each control its own input tensor.`,
        range: rangeAt(ctx.analysis, [...t.path, 'name']),
        related: [{ range: rangeAt(ctx.analysis, prev), message: 'first used here' }],
      });
    }
  },
});
