/**
 * The plan the user picked in the plan view → one set of text edits for this file,
 * written with the formatting-preserving helpers, and checked: the edited text is
 * analysed again and the edit is refused when it brings an error the file did not
 * have. What the file cannot hold (replicas of a plain vLLM server, engine arguments
 * in Triton's model.json or in a Bento's Python) is said in `manual` instead.
 */
import type { Analysis } from '../analysis';
import type { ServedDeployment } from '../plan';
import { insertIntoMap, replaceScalar } from '../editing/edits';
import { argOf, engineArgsMap, nodeAt, spell, type EngineArg } from '../rules/capacity/engineArgs';
import type { MapNode, SourceNode, TextEditOffsets } from '../types';
import { resolveGpu } from '../capacity/gpus';
import type { CandidatePlan } from './plan';
import { targetOngoingAt } from './operatingPoint';
import { manifestEdits } from './planEditsK8s';

export interface PlanEditResult {
  /** The edits to apply as one WorkspaceEdit; empty when refused or when nothing in the file changes. */
  edits: TextEditOffsets[];
  /** Each change in words, e.g. `max-num-seqs: 128 → 256`. */
  changes: string[];
  /** What the plan needs that this file does not hold: the user changes it by hand. */
  manual: string[];
  /** Why Apply is refused (the edit would add an error, or the file can't be edited here). */
  refused?: string;
}

/** Analyses a candidate text exactly like the document (same settings, companions, override). */
export type Recheck = (text: string) => Pick<Analysis, 'findings' | 'lines'>;

export interface Write {
  /** Key path below `block`. */
  path: string[];
  value: number;
  /** How the user reads the key in the change list. */
  name: string;
}

/** The edits that make the document's deployment run `plan`, checked against a re-analysis. */
export function planEdits(a: Analysis, deploymentIndex: number, plan: CandidatePlan, recheck: Recheck): PlanEditResult {
  const dep = a.plan?.deployments[deploymentIndex];
  const manual: string[] = [];
  const fleet = plan.fleet;
  const replicas = fleet && Number.isFinite(fleet.replicas) ? fleet.replicas : undefined;
  const gpus = plan.candidate.tp * plan.candidate.pp;
  if (!dep || !a.root || a.root.kind !== 'map') return { edits: [], changes: [], manual, refused: 'this file has no deployment the plan can be written into' };
  if (a.embedded?.length) {
    const m = manifestEdits(a, plan);
    if (m.refused || !m.edits.length) return m;
    return checked(a, m.edits, m.changes, m.manual, recheck);
  }
  const pe = a.estimates[deploymentIndex];
  const known = dep.hardware.gpu?.value ?? (typeof pe?.input?.gpu === 'string' ? pe.input.gpu : undefined);
  const where = dep.hardware.gpu ? 'this file names' : pe?.hardwareOrigin === 'modeline' ? 'the # servescope comment says' : 'servescope.hardware.gpu says';
  if (known && !sameGpu(known, plan.candidate.gpu.id)) manual.push(`the plan is for ${plan.candidate.gpu.id}; ${where} ${known}: change it by hand when you move`);
  else if (!known) manual.push(`run it on ${plan.candidate.gpu.id} GPUs (the file does not name the GPU type)`);

  const engine: [EngineArg, number][] = [
    ['tensor_parallel_size', plan.candidate.tp],
    ['max_num_seqs', Number(plan.settings.max_num_seqs)],
  ];
  const edits: TextEditOffsets[] = [];
  const changes: string[] = [];
  const block = a.detection.format === 'vllm' ? a.root : asMap(nodeAt(a.root, dep.range));
  switch (a.detection.format) {
    case 'vllm':
      write(a, a.root, engineWrites(a, dep, engine), edits, changes);
      if (replicas) manual.push(`run ${replicas} replicas of this server (${replicas * gpus} GPUs) behind a load balancer: a vLLM config has no replica count`);
      break;
    case 'rayserve': {
      if (!block) return { edits: [], changes: [], manual, refused: 'cannot find the deployment block of this Ray Serve config' };
      const isLlm = dep.engine === 'vllm';
      const writes = isLlm ? engineWrites(a, dep, engine) : [];
      writes.push(...rayReplicaWrites(dep, plan, isLlm ? ['deployment_config'] : []));
      write(a, block, writes, edits, changes);
      break;
    }
    case 'triton': {
      // Every instance of the vLLM backend starts its own engine that reserves gpu_memory_utilization of the same GPU
      // (triton/instance-groups-overcommit-gpu): one instance per Triton server, and replicas are more servers.
      const groups = tritonGroups(a.root);
      if (groups.length === 1) {
        const count = groups[0].pairs.find((p) => p.key.value === 'count')?.value;
        if (count?.kind === 'scalar' && count.value !== 1) write(a, groups[0], [{ path: ['count'], value: 1, name: 'instance_group count' }], edits, changes);
      }
      if (dep.argsFile) manual.push(`in ${dep.argsFile} set "tensor_parallel_size": ${plan.candidate.tp} and "max_num_seqs": ${plan.settings.max_num_seqs} (the vLLM backend reads its engine arguments there)`);
      if (replicas) manual.push(`run ${replicas} Triton servers (${gpus} GPU${gpus > 1 ? 's' : ''} each) behind a load balancer; instance_group count stays 1 because each instance starts its own vLLM engine on the same GPU`);
      manual.push('dynamic_batching is not written: the vLLM backend batches requests itself (continuous batching)');
      break;
    }
    case 'bentoml': {
      if (!block) return { edits: [], changes: [], manual: [...manual, `resources.gpu: ${gpus}, traffic.max_concurrency: ${plan.settings.max_num_seqs}`], refused: 'this BentoML file has no services block to write into' };
      write(a, block, [
        { path: ['resources', 'gpu'], value: gpus, name: 'resources.gpu' },
        { path: ['traffic', 'max_concurrency'], value: Number(plan.settings.max_num_seqs), name: 'traffic.max_concurrency' },
      ], edits, changes);
      manual.push(`pass tensor_parallel_size=${plan.candidate.tp} and max_num_seqs=${plan.settings.max_num_seqs} to the vLLM engine in the service's Python code`);
      if (replicas) manual.push(`scale the deployment to ${replicas} replicas at peak (${fleet?.replicasAtAverage ?? replicas} on average): BentoCloud's scaling min/max, not this file`);
      break;
    }
  }
  if (!edits.length) return { edits, changes, manual };
  return checked(a, edits, changes, manual, recheck);
}

/** The edits when the re-analysed text has no error the document lacks; else the refusal naming them. */
function checked(a: Analysis, edits: TextEditOffsets[], changes: string[], manual: string[], recheck: Recheck): PlanEditResult {
  const merged = mergeInserts(edits);
  const after = recheck(applyOffsets(a.text, merged));
  const added = newErrors(a, after);
  if (added.length) {
    const list = added.map((f) => `${f.code} (line ${after.lines.position(f.range.start).line + 1}): ${f.message}`).join('; ');
    return { edits: [], changes, manual, refused: `applying this plan would add ${added.length === 1 ? 'an error' : `${added.length} errors`}: ${list}` };
  }
  return { edits: merged, changes, manual };
}

/** Whether the file's GPU name is the catalog GPU the plan is for (names resolve as the estimate resolves them). */
function sameGpu(fileGpu: string, id: string): boolean {
  return resolveGpu(fileGpu)?.id === id;
}

function asMap(n: SourceNode | null | undefined): MapNode | undefined {
  return n?.kind === 'map' ? n : undefined;
}

/** Engine arguments: the key the file already has (in its spelling), else a new key in the file's style. */
function engineWrites(a: Analysis, dep: ServedDeployment, args: [EngineArg, number][]): Write[] {
  const map = engineArgsMap(a, dep);
  // A vLLM file's arguments are its top-level keys; Ray Serve LLM keeps them under engine_kwargs.
  const under = a.detection.format === 'vllm' ? [] : ['engine_kwargs'];
  return args.map(([name, value]) => {
    const cur = argOf(dep, name)?.range;
    const key = cur && map?.pairs.find((p) => p.value?.range.start === cur.start)?.key.value;
    const spelled = typeof key === 'string' ? key : spell(a, name);
    return { path: [...under, spelled], value, name: spelled };
  });
}

/** Ray Serve: a fixed num_replicas when the file uses one, else autoscaling from the average to the peak. */
function rayReplicaWrites(dep: ServedDeployment, plan: CandidatePlan, dc: string[]): Write[] {
  const f = plan.fleet;
  const op = plan.op;
  if (!f || !Number.isFinite(f.replicas) || !op || !(op.maxRps > 0)) return [];
  const out: Write[] = [];
  const maxSeqs = Number(plan.settings.max_num_seqs);
  if (dep.replicas.fixed?.range && !dep.replicas.max) out.push({ path: [...dc, 'num_replicas'], value: f.replicas, name: 'num_replicas' });
  else {
    const as = [...dc, 'autoscaling_config'];
    const min = Math.min(f.replicas, f.replicasAtAverage);
    out.push({ path: [...as, 'min_replicas'], value: min, name: 'autoscaling_config.min_replicas' });
    out.push({ path: [...as, 'max_replicas'], value: f.replicas, name: 'autoscaling_config.max_replicas' });
    const target = Math.max(1, Math.min(maxSeqs - 1, targetOngoingAt(op)));
    out.push({ path: [...as, 'target_ongoing_requests'], value: target, name: 'autoscaling_config.target_ongoing_requests' });
    const initial = dep.replicas.initial?.value;
    if (dep.replicas.initial?.range && typeof initial === 'number' && (initial < min || initial > f.replicas)) out.push({ path: [...as, 'initial_replicas'], value: min, name: 'autoscaling_config.initial_replicas' });
  }
  // Serve hands a replica at most this many requests: the engine's batch, so it can fill it.
  out.push({ path: [...dc, 'max_ongoing_requests'], value: maxSeqs, name: 'max_ongoing_requests' });
  return out;
}

function tritonGroups(root: MapNode): MapNode[] {
  return root.pairs.filter((p) => p.key.value === 'instance_group').flatMap((p) => (p.value?.kind === 'seq' ? p.value.items : [p.value])).filter((n): n is MapNode => n?.kind === 'map');
}

/**
 * Sets each path below `block`: replaces the value where the key exists, else adds
 * the missing keys, nested, to the deepest mapping that exists (one insertion per mapping).
 */
export function write(a: Pick<Analysis, 'text' | 'tree'>, block: MapNode, writes: Write[], edits: TextEditOffsets[], changes: string[]): void {
  const lang = a.tree.language;
  const pending = new Map<MapNode, Nested>();
  for (const w of writes) {
    let map = block;
    let i = 0;
    let node: SourceNode | null | undefined;
    let blocked = false;
    for (; i < w.path.length; i++) {
      const pair = map.pairs.find((p) => p.key.value === w.path[i]);
      if (!pair) break;
      node = pair.value;
      if (i === w.path.length - 1) break;
      if (node?.kind !== 'map') {
        blocked = true;
        break;
      }
      map = node;
    }
    if (i === w.path.length - 1 && map.pairs.some((p) => p.key.value === w.path[i])) {
      if (node?.kind === 'scalar') {
        if (node.value !== w.value) {
          edits.push(replaceScalar(a.text, node, w.value));
          changes.push(`${w.name}: ${node.source} → ${w.value}`);
        }
        continue;
      }
      blocked = true;
    }
    if (blocked) {
      // `key:` with a list or an empty value in the way: writing into it could change what the user meant.
      changes.push(`${w.name}: not written (${w.path.slice(0, i + 1).join('.')} is not a mapping here); set it to ${w.value} by hand`);
      continue;
    }
    let n = pending.get(map);
    if (!n) pending.set(map, (n = new Map()));
    let cur = n;
    const rest = w.path.slice(i);
    rest.slice(0, -1).forEach((k) => {
      let next = cur.get(k);
      if (!(next instanceof Map)) cur.set(k, (next = new Map()));
      cur = next as Nested;
    });
    cur.set(rest[rest.length - 1], w.value);
    changes.push(`${w.name}: ${w.value} (added)`);
  }
  for (const [map, n] of pending) edits.push(insertIntoMap(a.text, map, render(n, lang), lang));
}

type Nested = Map<string, number | Nested>;

function render(n: Nested, lang: 'yaml' | 'pbtxt', depth = 0): string {
  const pad = '  '.repeat(depth);
  return [...n]
    .map(([k, v], i) => {
      const lead = i === 0 && depth === 0 ? '' : pad;
      if (typeof v === 'number') return `${lead}${k}: ${v}`;
      return lang === 'pbtxt' ? `${lead}${k} {\n${render(v, lang, depth + 1)}\n${pad}}` : `${lead}${k}:\n${render(v, lang, depth + 1)}`;
    })
    .join('\n');
}

/** Two insertions at one offset become one, in order, so the result does not depend on how an editor orders them. */
function mergeInserts(edits: TextEditOffsets[]): TextEditOffsets[] {
  const out: TextEditOffsets[] = [];
  for (const e of [...edits].sort((x, y) => x.range.start - y.range.start)) {
    const prev = out[out.length - 1];
    if (prev && prev.range.start === prev.range.end && e.range.start === e.range.end && prev.range.start === e.range.start) prev.newText += e.newText;
    else out.push({ range: { ...e.range }, newText: e.newText });
  }
  return out;
}

/** The text after non-overlapping offset edits. */
export function applyOffsets(text: string, edits: TextEditOffsets[]): string {
  let out = text;
  for (const e of [...edits].sort((x, y) => y.range.start - x.range.start)) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

/** Error findings whose code the edited text has more often than the original. */
function newErrors(before: Pick<Analysis, 'findings'>, after: Pick<Analysis, 'findings'>): Analysis['findings'] {
  const count = new Map<string, number>();
  for (const f of before.findings) if (f.severity === 'error') count.set(f.code, (count.get(f.code) ?? 0) + 1);
  const out: Analysis['findings'] = [];
  for (const f of after.findings) {
    if (f.severity !== 'error') continue;
    const left = count.get(f.code) ?? 0;
    if (left > 0) count.set(f.code, left - 1);
    else out.push(f);
  }
  return out;
}
