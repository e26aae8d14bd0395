/** More than one control tensor for the same control kind (START, END, READY, CORRID). */
import { defineRule } from '../../../rules/rule';
import { configOf, modelName, rangeAt, type Path } from './model-config';
import { controlTensors } from './sequence-controls';

export const sequenceControlKindRepeated = defineRule({
  id: 'triton/sequence-control-kind-repeated',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'A sequence control kind given by more than one tensor',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `GetBooleanSequenceControlProperties` / `GetTypedSequenceControlProperties` (@73aad7c3, 2026-06-09); QA `qa/L0_model_config/noautofill_platform/control_kind_*_multiple` (triton-inference-server/server @e1db8a60)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    const first = new Map<string, { path: Path; tensor?: string }>();
    for (const t of controlTensors(cfg)) {
      for (const c of t.controls) {
        if (!c.kind) continue;
        const prev = first.get(c.kind);
        if (!prev) {
          first.set(c.kind, { path: [...c.path, 'kind'], tensor: t.name });
          continue;
        }
        const other = prev.tensor ? ` (already "${prev.tensor}")` : '';
        ctx.report({
          message: `${c.kind} is given a second time${t.name ? ` for "${t.name}"` : ''}${other}; Triton rejects the config ("sequence batching specifies multiple ${c.kind} tensors for ${modelName(cfg)}"). Keep one tensor per control kind.`,
          range: rangeAt(ctx.analysis, [...c.path, 'kind']),
          related: [{ range: rangeAt(ctx.analysis, prev.path), message: `first ${c.kind} here` }],
        });
      }
    }
  },
});
