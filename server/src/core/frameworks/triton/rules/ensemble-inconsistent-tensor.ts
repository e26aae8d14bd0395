/**
 * An ensemble tensor must have one data type and compatible shapes wherever it appears:
 * the ensemble's own inputs/outputs and the step models' inputs/outputs it is mapped to
 * (read from their config.pbtxt). Shapes compare like Triton's ensemble check: -1
 * matches anything, and a batching model's [d...] equals a non-batching [-1, d...].
 */
import { defineRule } from '../../../rules/rule';
import { configOf, int, isEnsemble, isObj, list, modelName, rangeAt, str, type Obj, type Path } from './model-config';
import { ensembleSteps } from './ensemble-steps';
import { intList } from './io-tensors';
import { ioName, repositoryOf, siblingConfig } from './repository';

interface Seen {
  model: string;
  type: string | undefined;
  dims: number[] | undefined;
  full: number[] | undefined;
}

function same(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === -1 || b[i] === -1 || d === b[i]);
}

const show = (d: number[] | undefined) => (d ? `[${d.join(',')}]` : '?');

export const ensembleInconsistentTensor = defineRule({
  id: 'triton/ensemble-inconsistent-tensor',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Ensemble tensor with different data types or shapes across models',
  fix: 'none',
  sources: ['triton-inference-server/core `src/ensemble_scheduler/ensemble_utils.cc` `ValidateEnsembleConfig` / `ValidateTensorMapping` (@73aad7c3, 2026-06-09) (`ValidateTensorConsistency`)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    const repo = repositoryOf(ctx.analysis);
    if (!cfg || !isEnsemble(cfg) || !repo) return;
    const name = modelName(cfg);
    const ensMax = cfg.max_batch_size === undefined ? 0 : int(cfg.max_batch_size);
    const tensors = new Map<string, Seen>();
    const node = (model: string, io: Obj, batching: boolean | undefined, useReshape: boolean): Seen => {
      const shape = useReshape && isObj(io.reshape) ? io.reshape.shape : io.dims;
      const dims = intList(shape);
      return { model, type: str(io.data_type), dims, full: dims && batching !== undefined ? (batching ? [-1, ...dims] : dims) : undefined };
    };
    for (const side of ['input', 'output']) {
      for (const io of list(cfg[side]).filter(isObj)) {
        const n = ioName(io);
        if (n && !tensors.has(n)) tensors.set(n, node(name, io, ensMax === undefined ? undefined : ensMax > 0, true));
      }
    }
    const check = (tensor: string, seen: Seen, path: Path) => {
      const first = tensors.get(tensor);
      if (!first) {
        tensors.set(tensor, seen);
        return;
      }
      const prefix = `in ensemble ${name}, ensemble tensor ${tensor}: `;
      if (first.type && seen.type && first.type !== seen.type) {
        ctx.report({
          message: `Tensor "${tensor}" is ${first.type} for "${first.model}" but ${seen.type} for "${seen.model}"; Triton fails to load the ensemble ("${prefix}inconsistent data type: ${first.type} is inferred from model ${first.model} while ${seen.type} is inferred from model ${seen.model}").`,
          range: rangeAt(ctx.analysis, path),
        });
        return;
      }
      if (!first.dims || !seen.dims || same(first.dims, seen.dims)) return;
      if (!first.full || !seen.full || same(first.full, seen.full)) return;
      ctx.report({
        message: `Tensor "${tensor}" has shape ${show(first.full)} for "${first.model}" but ${show(seen.full)} for "${seen.model}"; Triton fails to load the ensemble ("${prefix}inconsistent shape: ${show(first.full)} is inferred from model ${first.model} while ${show(seen.full)} is inferred from model ${seen.model}").`,
        range: rangeAt(ctx.analysis, path),
      });
    };
    for (const s of ensembleSteps(cfg) ?? []) {
      const m = s.modelName;
      const sc = m ? siblingConfig(repo, m) : undefined;
      if (!m || !sc) continue;
      const stepMax = int(sc.max_batch_size);
      // Absent max_batch_size may be auto-completed: the batch dimension is then unknown.
      const batching = stepMax === undefined ? undefined : stepMax > 0;
      const byName = (side: string) => new Map(list(sc[side]).filter(isObj).map((io) => [ioName(io), io] as const));
      const ins = byName('input');
      const outs = byName('output');
      for (const e of s.inputs) {
        const io = ins.get(e.key);
        const t = str(e.value);
        if (e.effective && io && t) check(t, node(m, io, batching, false), [...s.path, 'input_map', e.index, 'value']);
      }
      for (const e of s.outputs) {
        const io = outs.get(e.key);
        const t = str(e.value);
        if (e.effective && io && t) check(t, node(m, io, batching, false), [...s.path, 'output_map', e.index, 'value']);
      }
    }
  },
});
