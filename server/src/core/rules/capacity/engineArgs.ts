/**
 * Shared plumbing for rules written against the ServingPlan: where a finding about
 * one vLLM engine argument should point, how to write a new value for it (in a
 * `vllm serve --config` file or under Ray Serve LLM `engine_kwargs`), and the GPU
 * facts the capacity model does not carry (compute capability).
 */
import type { Analysis } from '../../analysis';
import type { ServedDeployment } from '../../plan';
import type { PlannedArg } from '../../engineArgs/table';
import { plannedValue } from '../../engineArgs/planFields';
import type { Estimate, EstimateInput, GpuSpec, MemoryBreakdown } from '../../capacity';
import { estimate, resolveGpu } from '../../capacity';
import { targetGpu, type PlanEstimate } from '../../capacity/planEstimate';
import { insertIntoMap, replaceScalar } from '../../editing/edits';
import { spellerFor } from '../../engineArgs/keys';
import type { MapNode, OffsetRange, SourceNode, TextEditOffsets } from '../../types';

type A = Omit<Analysis, 'findings'>;

/** Engine arguments the plan records, by their vLLM name (rows of core/engineArgs/table.ts). */
export type EngineArg = PlannedArg;

/** The plan's record of one engine argument (undefined when the file leaves it to vLLM). */
export const argOf = plannedValue;

/**
 * Where a finding about `name` goes: its value when the file sets it, else the
 * model key (the defaulted value belongs to the model), else the deployment.
 */
export function rangeFor(dep: ServedDeployment, name: EngineArg): OffsetRange {
  return argOf(dep, name)?.range ?? dep.model.id?.keyRange ?? dep.model.id?.range ?? { start: dep.range.start, end: dep.range.start };
}

/** Whether the file itself sets the argument (so the finding is about the user's number). */
export function isExplicit(dep: ServedDeployment, name: EngineArg): boolean {
  // Values from a companion file (Triton's model.json) have no range here but were still set by the user.
  const v = argOf(dep, name);
  return v !== undefined && (v.range !== undefined || dep.argsFile !== undefined);
}

/** Depth-first search for the node spanning exactly `range`. */
export function nodeAt(root: SourceNode | null, range: OffsetRange): SourceNode | undefined {
  if (!root) return undefined;
  if (root.range.start === range.start && root.range.end === range.end) return root;
  if (root.range.start > range.start || root.range.end < range.end) return undefined;
  const kids: (SourceNode | null)[] = root.kind === 'map' ? root.pairs.map((p) => p.value) : root.kind === 'seq' ? root.items : [];
  for (const k of kids) {
    const hit = nodeAt(k, range);
    if (hit) return hit;
  }
  return undefined;
}

/** The mapping that holds the deployment's engine arguments, when the file has one. */
export function engineArgsMap(a: A, dep: ServedDeployment): MapNode | undefined {
  if (a.detection.format === 'vllm') return a.root?.kind === 'map' ? a.root : undefined;
  const block = nodeAt(a.root, dep.range);
  if (block?.kind !== 'map') return undefined;
  const ek = block.pairs.find((p) => p.key.value === 'engine_kwargs')?.value;
  return ek?.kind === 'map' ? ek : undefined;
}

/** The argument's name spelled the way the file spells its keys (dashes or underscores). */
export function spell(a: A, name: string): string {
  if (a.detection.format !== 'vllm' || a.root?.kind !== 'map') return name;
  return spellerFor(a.root.pairs.map((p) => String(p.key.value)))(name);
}

/**
 * The edit that sets an engine argument: replaces the value when the file has it,
 * otherwise adds `name: value` to the engine arguments' mapping. Undefined when
 * there is no place to put it (e.g. Ray Serve LLM without `engine_kwargs`).
 */
export function setArgEdit(a: A, dep: ServedDeployment, name: EngineArg, value: string | number | boolean): TextEditOffsets | undefined {
  const cur = argOf(dep, name);
  if (cur?.range) {
    const node = nodeAt(a.root, cur.range);
    if (node?.kind === 'scalar') return replaceScalar(a.text, node, value);
    return undefined;
  }
  const map = engineArgsMap(a, dep);
  if (!map) return undefined;
  return insertIntoMap(a.text, map, `${spell(a, name)}: ${value}`, 'yaml');
}

/** The deployment a finding was about, from the index its rule stored in `data`. */
export function deploymentOf(a: A, data: Record<string, unknown> | undefined): ServedDeployment | undefined {
  const i = data?.deployment;
  return typeof i === 'number' ? a.plan?.deployments[i] : undefined;
}

/** The GPU the deployment targets (file > modeline > setting), or undefined when nobody said. */
export function gpuFor(a: A, dep: ServedDeployment): GpuSpec | undefined {
  const { gpu } = targetGpu(dep, a.settings, a.modeline);
  return gpu ? resolveGpu(gpu) : undefined;
}

// GPUs defined in settings may name only an architecture; its first capability is the safe guess.
const CC_BY_ARCH: Record<string, number> = { volta: 7.0, turing: 7.5, ampere: 8.0, ada: 8.9, hopper: 9.0, blackwell: 10.0 };

/** CUDA compute capability of an NVIDIA GPU (catalog first, then architecture); undefined for other vendors or unknown parts. */
export function computeCapability(gpu: GpuSpec): number | undefined {
  if (gpu.vendor && gpu.vendor.toLowerCase() !== 'nvidia') return undefined;
  if (gpu.computeCapability !== undefined) return gpu.computeCapability;
  return gpu.arch ? CC_BY_ARCH[gpu.arch.toLowerCase()] : undefined;
}

/** Formats a count the way messages show numbers. */
export const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
export const gib = (n: number): string => `${n.toFixed(1)} GiB`;

/** One deployment the capacity model could size: its plan entry, estimate and memory verdict. */
export interface Sized {
  index: number;
  dep: ServedDeployment;
  pe: PlanEstimate;
  input: EstimateInput;
  est: Estimate;
  mem: MemoryBreakdown;
}

/**
 * Deployments with a complete estimate. Anything the engine could not size (no GPU
 * declared, unknown model) is skipped: capacity rules never guess the hardware.
 */
export function sized(a: A): Sized[] {
  const out: Sized[] = [];
  const deps = a.plan?.deployments ?? [];
  a.estimates.forEach((pe, index) => {
    const dep = deps[index];
    const est = pe.estimate;
    if (!dep || !pe.input || !est?.ok || !est.memory) return;
    // `max_model_len: auto` (or -1) lets vLLM pick what fits; the estimate assumed the model's full length.
    if (maxModelLenIsAuto(a, dep)) return;
    out.push({ index, dep, pe, input: pe.input, est, mem: est.memory });
  });
  return out;
}

/** Re-runs the capacity model with one change, to verify a fix before offering it. */
export function whatIf(s: Sized, change: Partial<EstimateInput>): Estimate | undefined {
  try {
    const e = estimate({ ...s.input, ...change });
    return e.ok && e.memory ? e : undefined;
  } catch {
    return undefined;
  }
}

/** True when the KV cache of the estimate can hold at least one max_model_len request. */
export const starts = (e: Estimate | undefined): boolean => !!e?.memory?.fits;

/** Rounds a token count down to a tidy max_model_len (a multiple of 1,024 when large enough). */
export function tidyLen(n: number): number {
  if (n >= 2048) return Math.floor(n / 1024) * 1024;
  return Math.max(16, Math.floor(n / 16) * 16);
}

/** True when the file asks vLLM to choose max_model_len itself (`auto` or -1). */
export function maxModelLenIsAuto(a: A, dep: ServedDeployment): boolean {
  const map = engineArgsMap(a, dep);
  const pair = map?.pairs.find((p) => String(p.key.value ?? '').replace(/-/g, '_') === 'max_model_len');
  const v = pair?.value;
  if (v?.kind !== 'scalar') return false;
  return v.value === -1 || (typeof v.value === 'string' && /^\s*(auto|-1)\s*$/i.test(v.value));
}

/** TP sizes vLLM accepts for a model: attention heads divide evenly, KV heads split or replicate evenly. */
export function tpValidFor(heads: number, kvHeads: number, tp: number): boolean {
  if (heads % tp !== 0) return false;
  return kvHeads >= tp ? kvHeads % tp === 0 : tp % kvHeads === 0;
}
