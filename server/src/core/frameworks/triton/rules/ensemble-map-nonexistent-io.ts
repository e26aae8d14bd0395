/** input_map / output_map keys must be inputs / outputs of the step's model (read from its config.pbtxt). */
import { closest, distance } from 'fastest-levenshtein';
import { defineRule } from '../../../rules/rule';
import { configOf, isEnsemble, modelName, nodeAt, rangeAt, str } from './model-config';
import { ensembleSteps } from './ensemble-steps';
import { finalIo, ioName, repositoryOf, siblingConfig } from './repository';

export const ensembleMapNonexistentIo = defineRule({
  id: 'triton/ensemble-map-nonexistent-io',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Ensemble map names an input or output the step model does not have',
  fix: 'unsafe',
  sources: ['triton-inference-server/core `src/ensemble_scheduler/ensemble_utils.cc` `ValidateEnsembleConfig` / `ValidateTensorMapping` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    const repo = repositoryOf(ctx.analysis);
    if (!cfg || !isEnsemble(cfg) || !repo) return;
    const name = modelName(cfg);
    for (const s of ensembleSteps(cfg) ?? []) {
      const m = s.modelName;
      const sc = m ? siblingConfig(repo, m) : undefined;
      if (!m || !sc) continue;
      for (const side of ['input', 'output'] as const) {
        const ios = finalIo(repo, m, sc, side);
        if (!ios) continue;
        const names = ios.map(ioName).filter((n): n is string => !!n);
        const entries = side === 'input' ? s.inputs : s.outputs;
        for (const e of entries) {
          if (!e.effective || names.includes(e.key)) continue;
          const tensor = str(e.value) ?? '?';
          const near = names.length ? closest(e.key, names) : undefined;
          const suggestion = near && distance(e.key, near) <= Math.max(2, Math.floor(near.length / 3)) ? near : undefined;
          const quote =
            side === 'input'
              ? `in ensemble ${name}, ensemble tensor ${tensor} is mapping to non-existing input ${e.key} in model ${m}`
              : `in ensemble ${name}, ensemble tensor ${tensor} is mapped from non-existing output ${e.key} in model ${m}`;
          ctx.report({
            message: `Model "${m}" has no ${side} "${e.key}" (its ${side}s: ${names.join(', ')}); Triton fails to load the ensemble ("${quote}").${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
            range: rangeAt(ctx.analysis, [...s.path, `${side}_map`, e.index, 'key']),
            data: suggestion ? { suggestion, path: [...s.path, `${side}_map`, e.index, 'key'] } : undefined,
          });
        }
      }
    }
  },
  fixes(finding, a) {
    const { suggestion, path } = finding.data ?? {};
    if (typeof suggestion !== 'string' || !Array.isArray(path)) return [];
    const node = nodeAt(a, path as (string | number)[]).node;
    if (!node || node.kind !== 'scalar') return [];
    const old = a.text.slice(node.range.start, node.range.end);
    const q = old.startsWith("'") ? "'" : '"';
    return [{ title: `Change to "${suggestion}"`, edits: [{ range: node.range, newText: `${q}${suggestion}${q}` }] }];
  },
});
