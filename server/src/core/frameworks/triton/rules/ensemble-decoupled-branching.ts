/**
 * Decoupled models (any number of responses per request) start a new "stream" of
 * tensors; a step may not combine tensors from different streams. Follows Triton's
 * labelling walk over the ensemble graph. Needs every step model's config.pbtxt and an
 * explicit `decoupled` where the backend could still auto-complete it; otherwise silent.
 */
import { defineRule } from '../../../rules/rule';
import { configOf, isEnsemble, isObj, keyRangeAt, list, modelName, rangeAt, resolvePlatform, str, truthy, type Obj, type Path } from './model-config';
import { ensembleSteps } from './ensemble-steps';
import { repositoryOf, siblingConfig } from './repository';

/** Backends that never set `decoupled` on their own. */
const FIXED_TRANSACTION_BACKENDS = ['onnxruntime', 'tensorrt', 'pytorch', 'tensorflow', 'openvino', 'identity'];

interface Node {
  model: string;
  decoupled: boolean;
  label: number;
  visited: boolean;
  prev: Node[];
  next: Node[];
  /** Shared by the outputs of one step, so they get one label. */
  sibling?: { label: number; visited: boolean };
  at: Path | 'outputs';
  /** The step that writes the tensor, where the finding goes. */
  producer?: { model: string; at: Path };
}

function decoupledOf(cfg: Obj): boolean | undefined {
  const p = cfg.model_transaction_policy;
  if (isObj(p) && p.decoupled !== undefined) return truthy(p.decoupled);
  if (cfg.platform === 'ensemble') return false;
  const r = resolvePlatform(cfg);
  return r && FIXED_TRANSACTION_BACKENDS.includes(r.backend) ? false : undefined;
}

export const ensembleDecoupledBranching = defineRule({
  id: 'triton/ensemble-decoupled-branching',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Ensemble step mixing tensors from different decoupled models',
  fix: 'none',
  sources: ['triton-inference-server/core `src/ensemble_scheduler/ensemble_utils.cc` `ValidateEnsembleConfig` / `ValidateTensorMapping` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    const repo = repositoryOf(ctx.analysis);
    if (!cfg || !isEnsemble(cfg) || !repo) return;
    const name = modelName(cfg);
    const steps = ensembleSteps(cfg) ?? [];
    const flags: boolean[] = [];
    for (const s of steps) {
      const sc = s.modelName ? siblingConfig(repo, s.modelName) : undefined;
      const d = sc ? decoupledOf(sc) : undefined;
      if (d === undefined) return;
      flags.push(d);
    }
    if (!flags.includes(true)) return;
    const tensors = new Map<string, Node>();
    const make = (model: string, at: Node['at']): Node => ({ model, decoupled: false, label: 0, visited: false, prev: [], next: [], at });
    const inputs = list(cfg.input).filter(isObj);
    inputs.forEach((io, i) => {
      const n = str(io.name);
      if (n && !tensors.has(n)) tensors.set(n, make(name, ['input', i, 'name']));
    });
    const sink = make(name, 'outputs');
    list(cfg.output).filter(isObj).forEach((io, i) => {
      const n = str(io.name);
      if (!n) return;
      let t = tensors.get(n);
      if (!t) tensors.set(n, (t = make(name, ['output', i, 'name'])));
      sink.prev.push(t);
      t.next.push(sink);
    });
    steps.forEach((s, k) => {
      const model = s.modelName!;
      const at: Path = [...s.path, 'model_name'];
      const ins = s.inputs.filter((e) => e.effective).map((e) => str(e.value)).filter((t): t is string => !!t);
      const outs = s.outputs.filter((e) => e.effective).map((e) => str(e.value)).filter((t): t is string => !!t);
      for (const t of ins) if (!tensors.has(t)) tensors.set(t, make(model, at));
      const sibling = { label: 0, visited: false };
      for (const t of outs) {
        let node = tensors.get(t);
        if (!node) tensors.set(t, (node = make(model, at)));
        node.sibling = sibling;
        node.decoupled = flags[k];
        node.producer ??= { model, at };
        for (const i of ins) {
          const p = tensors.get(i)!;
          node.prev.push(p);
          p.next.push(node);
        }
      }
    });
    let label = 0;
    const queue: Node[] = [];
    for (const io of inputs) {
      const t = tensors.get(str(io.name) ?? '');
      if (!t) continue;
      t.visited = true;
      queue.push(t);
    }
    while (queue.length > 0) {
      const cur = queue.shift()!;
      for (const next of cur.next) {
        if (next.visited || !next.prev.every((p) => p.visited)) continue;
        const first = next.prev[0].label;
        if (next.prev.some((p) => p.label !== first)) {
          const who = next.at === 'outputs' ? 'The ensemble outputs' : `Step model "${next.producer?.model ?? next.model}"`;
          const at = next.at === 'outputs' ? undefined : (next.producer?.at ?? next.at);
          ctx.report({
            message: `${who} combine${next.at === 'outputs' ? '' : 's'} tensors from different decoupled models, whose responses cannot be matched up; Triton fails to load the ensemble ("in ensemble ${name}, step of model '${next.model}' receives inputs originated from different decoupled models").`,
            range: at ? rangeAt(ctx.analysis, at) : keyRangeAt(ctx.analysis, ['output']),
          });
          return;
        }
        if (next.sibling?.visited) next.label = next.sibling.label;
        else {
          next.label = next.decoupled ? ++label : first;
          if (next.sibling) {
            next.sibling.label = next.label;
            next.sibling.visited = true;
          }
        }
        next.visited = true;
        queue.push(next);
      }
    }
  },
});
