/**
 * Walks a Serve config's value for the rayserve rules: applications, deployment
 * option blocks (plain deployments and Serve LLM `deployment_config`s) and inline
 * LLMConfigs, each with its path so findings can point back at the source.
 */
import type { Analysis } from '../../../analysis';
import { locate, type Located } from '../../../schema/value';
import type { OffsetRange, PairNode, ScalarNode, SourceNode, TextEditOffsets } from '../../../types';
import { deletePair } from '../../../editing/edits';

export type A = Omit<Analysis, 'findings'>;
export type Obj = Record<string, unknown>;

export const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
export const isFiniteNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

export interface Block {
  path: string[];
  value: Obj;
  /** For messages: `app1/Model`, `app1/llm_configs[0]`. */
  label: string;
  /** Plain Serve deployment (ray_actor_options, placement_group_bundles) vs Serve LLM. */
  kind: 'deployment' | 'llm-deployment' | 'ingress';
}

// Builders whose `args` is itself one LLMConfig.
const SINGLE_LLM_BUILDER = /^ray\.serve\.llm:build_(?:llm|dp|vllm)_deployment$/;
const LLM_ARG_KEYS = ['llm_configs', 'llm_config', 'prefill_config', 'decode_config'];

function at(v: unknown, path: readonly string[]): unknown {
  let cur = v;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

// Most rayserve rules ask for the same blocks; on a file of hundreds of applications each walk costs a
// millisecond or more, so each kind is built once per analysed value (read-only results).
const memo = new WeakMap<object, Map<string, Block[]>>();
function once(a: A, kind: string, build: () => Block[]): Block[] {
  if (!a.value) return build();
  let m = memo.get(a.value);
  if (!m) memo.set(a.value, (m = new Map()));
  const key = `${kind}\u0000${a.detection.schema}`;
  let hit = m.get(key);
  if (!hit) m.set(key, (hit = build()));
  return hit;
}

/** Applications of a multi-app config, or the root of a legacy single-app config. The result is shared: do not modify it. */
export function applications(a: A): Block[] {
  return once(a, 'applications', () => findApplications(a));
}

function findApplications(a: A): Block[] {
  if (a.detection.schema !== 'rayserve') return [];
  const root = a.value?.value;
  if (!isObj(root)) return [];
  if (Array.isArray(root.applications)) {
    const out: Block[] = [];
    root.applications.forEach((app, i) => {
      if (isObj(app)) out.push({ path: ['applications', String(i)], value: app, label: typeof app.name === 'string' ? app.name : `applications[${i}]`, kind: 'deployment' });
    });
    return out;
  }
  if (root.import_path !== undefined) return [{ path: [], value: root, label: 'default', kind: 'deployment' }];
  return [];
}

/** Inline LLMConfigs (file paths given instead of configs are skipped). The result is shared: do not modify it. */
export function llmConfigs(a: A): Block[] {
  return once(a, 'llmConfigs', () => findLlmConfigs(a));
}

function findLlmConfigs(a: A): Block[] {
  const root = a.value?.value;
  if (a.detection.schema === 'rayserve-llm') return isObj(root) ? [{ path: [], value: root, label: 'LLMConfig', kind: 'llm-deployment' }] : [];
  const out: Block[] = [];
  for (const app of applications(a)) {
    const args = app.value.args;
    if (!isObj(args)) continue;
    if (typeof app.value.import_path === 'string' && SINGLE_LLM_BUILDER.test(app.value.import_path)) {
      out.push({ path: [...app.path, 'args'], value: args, label: `${app.label}/args`, kind: 'llm-deployment' });
      continue;
    }
    for (const key of LLM_ARG_KEYS) {
      const cfg = args[key];
      if (Array.isArray(cfg)) {
        cfg.forEach((c, i) => {
          if (isObj(c)) out.push({ path: [...app.path, 'args', key, String(i)], value: c, label: `${app.label}/${key}[${i}]`, kind: 'llm-deployment' });
        });
      } else if (isObj(cfg)) {
        out.push({ path: [...app.path, 'args', key], value: cfg, label: `${app.label}/${key}`, kind: 'llm-deployment' });
      }
    }
  }
  return out;
}

/**
 * Every block of Serve deployment options: `applications[].deployments[]`, each
 * LLMConfig's `deployment_config`, and the LLM ingress options. The autoscaling and
 * replica checks of Serve apply to all of them. The result is shared: do not modify it.
 */
export function deploymentBlocks(a: A): Block[] {
  return once(a, 'deploymentBlocks', () => findDeploymentBlocks(a));
}

function findDeploymentBlocks(a: A): Block[] {
  const out: Block[] = [];
  for (const app of applications(a)) {
    const deps = app.value.deployments;
    if (Array.isArray(deps)) {
      deps.forEach((d, i) => {
        if (isObj(d)) out.push({ path: [...app.path, 'deployments', String(i)], value: d, label: `${app.label}/${typeof d.name === 'string' ? d.name : i}`, kind: 'deployment' });
      });
    }
    const ingress = at(app.value, ['args', 'ingress_deployment_config']);
    if (isObj(ingress)) out.push({ path: [...app.path, 'args', 'ingress_deployment_config'], value: ingress, label: `${app.label}/ingress`, kind: 'ingress' });
  }
  for (const c of llmConfigs(a)) {
    const dc = c.value.deployment_config;
    if (isObj(dc)) out.push({ path: [...c.path, 'deployment_config'], value: dc, label: c.label, kind: 'llm-deployment' });
  }
  return out;
}

export function loc(a: A, path: readonly string[]): Located {
  return a.value ? locate(a.root, a.value, path) : { node: null };
}

/** The value node's range (or its key's when the value is empty); the enclosing node's when absent. */
export function rangeAt(a: A, path: readonly string[]): OffsetRange {
  const l = loc(a, path);
  if (at(a.value?.value, path) !== undefined) return l.node?.range ?? l.key?.range ?? a.root?.range ?? { start: 0, end: 0 };
  return l.node?.range ?? a.root?.range ?? { start: 0, end: 0 };
}

/** The key's range when the last step was a property, else the value's. */
export function keyRangeAt(a: A, path: readonly string[]): OffsetRange {
  const l = loc(a, path);
  return l.key?.range ?? rangeAt(a, path);
}

/** A map item's first line: for an item with no node of its own to point at. */
export function firstKeyRange(a: A, path: readonly string[]): OffsetRange {
  const n = loc(a, path).node;
  if (n?.kind === 'map' && n.pairs[0]) return n.pairs[0].key.range;
  return rangeAt(a, path);
}

/** The pair (key + value) at a path, for deleting it. */
export function pairAt(a: A, path: readonly string[]): PairNode | undefined {
  if (path.length === 0) return undefined;
  const parent = loc(a, path.slice(0, -1)).node;
  if (parent?.kind !== 'map') return undefined;
  const key = path[path.length - 1];
  // The last pair with the key wins, as in the value.
  for (let i = parent.pairs.length - 1; i >= 0; i--) if (String(parent.pairs[i].key.value) === key) return parent.pairs[i];
  return undefined;
}

export function deletePairAt(a: A, path: readonly string[]): TextEditOffsets | undefined {
  const p = pairAt(a, path);
  return p ? deletePair(a.text, p.range) : undefined;
}

export function scalarAt(a: A, path: readonly string[]): ScalarNode | undefined {
  const n: SourceNode | null = loc(a, path).node;
  return n?.kind === 'scalar' ? n : undefined;
}

export const fmt = (n: number): string => n.toLocaleString('en-US');

export const isPath = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');
