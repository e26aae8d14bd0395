/** An ensemble tensor may be produced by one step output only. */
import { defineRule } from '../../../rules/rule';
import { configOf, modelName, rangeAt, str, type Path } from './model-config';
import { ensembleSteps } from './ensemble-steps';

export const ensembleTensorWrittenTwice = defineRule({
  id: 'triton/ensemble-tensor-written-twice',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Ensemble tensor in more than one output_map',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `BuildEnsembleGraph` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    const written = new Map<string, Path>();
    for (const s of ensembleSteps(cfg) ?? []) {
      for (const o of s.outputs) {
        const t = str(o.value);
        if (!o.effective || t === undefined) continue;
        const path = [...s.path, 'output_map', o.index, 'value'];
        const prev = written.get(t);
        if (!prev) {
          written.set(t, path);
          continue;
        }
        ctx.report({
          message: `Ensemble tensor "${t}" is already written by an earlier output; Triton rejects the config ("ensemble tensor '${t}' can appear in an output map only once for ensemble '${modelName(cfg)}' step ${s.index}"). Give this output its own tensor name.`,
          range: rangeAt(ctx.analysis, path),
          related: [{ range: rangeAt(ctx.analysis, prev), message: 'first written here' }],
        });
      }
    }
  },
});
