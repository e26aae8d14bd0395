/**
 * Data flow through an ensemble, as Triton's ValidateEnsembleSchedulingConfig checks
 * it: every ensemble input is consumed, every output is written from the inputs, and
 * every intermediate tensor is both produced and consumed.
 */
import { defineRule } from '../../../rules/rule';
import { configOf, hasTemplates, isEnsemble, isObj, list, modelName, rangeAt, str, type Path } from './model-config';
import { ensembleSteps, stepIncomplete } from './ensemble-steps';

interface Tensor {
  name: string;
  produced: boolean;
  ready: boolean;
  prev: Tensor[];
  next: Tensor[];
  /** Where the tensor first appears, for the finding. */
  path: Path;
}

export const ensembleDataflow = defineRule({
  id: 'triton/ensemble-dataflow',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Ensemble input unused, output not written or tensor unused',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateEnsembleSchedulingConfig` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg || !isEnsemble(cfg) || hasTemplates(cfg.ensemble_scheduling)) return;
    const steps = ensembleSteps(cfg);
    // Triton stops before the data-flow check when the graph cannot be built; other rules say why.
    if (!steps || steps.length === 0 || steps.some(stepIncomplete)) return;
    const name = modelName(cfg);
    const tensors = new Map<string, Tensor>();
    const get = (t: string, path: Path): Tensor => {
      let x = tensors.get(t);
      if (!x) tensors.set(t, (x = { name: t, produced: false, ready: false, prev: [], next: [], path }));
      return x;
    };
    for (const s of steps) {
      const outs: Tensor[] = [];
      for (const o of s.outputs) {
        const t = str(o.value);
        if (!o.effective || t === undefined) continue;
        const x = get(t, [...s.path, 'output_map', o.index, 'value']);
        if (x.produced) return; // written twice: ensemble-tensor-written-twice
        x.produced = true;
        outs.push(x);
      }
      for (const i of s.inputs) {
        const t = str(i.value);
        if (!i.effective || t === undefined) continue;
        const x = get(t, [...s.path, 'input_map', i.index, 'value']);
        for (const o of outs) {
          o.prev.push(x);
          x.next.push(o);
        }
      }
    }
    const inputs = list(cfg.input).filter(isObj);
    const outputs = list(cfg.output).filter(isObj);
    inputs.forEach((io, i) => {
      const n = str(io.name);
      if (n === undefined) return;
      const x = tensors.get(n);
      if (x) {
        x.ready = true;
        return;
      }
      ctx.report({
        message: `Ensemble input "${n}" is not mapped into any step; Triton rejects the config ("ensemble input '${n}' for ensemble ${name}' is not used"). Map it in a step's input_map or remove it.`,
        range: rangeAt(ctx.analysis, ['input', i, 'name']),
      });
    });
    // A tensor is ready once everything its producing step reads is ready.
    for (let changed = true; changed; ) {
      changed = false;
      for (const x of tensors.values()) {
        if (!x.ready && x.prev.length > 0 && x.prev.every((p) => p.ready)) changed = x.ready = true;
      }
    }
    const outNames = new Set<string>();
    outputs.forEach((io, i) => {
      const n = str(io.name);
      if (n === undefined) return;
      outNames.add(n);
      const x = tensors.get(n);
      const range = rangeAt(ctx.analysis, ['output', i, 'name']);
      if (!x) {
        ctx.report({
          message: `Ensemble output "${n}" is not written by any step; Triton rejects the config ("ensemble output '${n}' for ensemble ${name}' is not used"). Map a step output to "${n}" in its output_map.`,
          range,
        });
      } else if (!x.ready) {
        const cause = notConnected(x);
        ctx.report({
          message: `Ensemble output "${n}" cannot be computed from the ensemble inputs; Triton rejects the config ("output '${n}' for ensemble '${name}' is not written${cause ? `: at least one of its depending tensors, '${cause.name}', is not connected` : ''}").`,
          range,
          related: cause ? [{ range: rangeAt(ctx.analysis, cause.path), message: `"${cause.name}" is neither an ensemble input nor written by a step` }] : undefined,
        });
      }
    });
    for (const x of tensors.values()) {
      if (outNames.has(x.name) || (x.ready && x.next.length > 0)) continue;
      const why = !x.ready
        ? x.produced
          ? 'it depends on a tensor that is never produced'
          : 'it is read by a step but is neither an ensemble input nor written by any step'
        : 'it is written but no step reads it and it is not an ensemble output';
      ctx.report({
        message: `Ensemble tensor "${x.name}" is unused: ${why}; Triton rejects the config ("ensemble tensor '${x.name}' is unused in ensemble '${name}'").`,
        range: rangeAt(ctx.analysis, x.path),
      });
    }
  },
});

/** The first not-ready tensor up the chain, as Triton names it in its message. */
function notConnected(t: Tensor): Tensor | undefined {
  const seen = new Set<string>();
  let last = t;
  let prev = t.prev;
  while (prev.length > 0) {
    const n = prev.find((p) => !p.ready && !seen.has(p.name));
    if (!n) break;
    seen.add(n.name);
    last = n;
    prev = n.prev;
  }
  return last === t ? undefined : last;
}
