/**
 * Shared reading of a Triton model config for the triton rules: typed accessors that
 * tolerate schema failures and `${...}` template placeholders, source ranges for a
 * path, and the platform/backend Triton derives before it validates (its
 * AutoCompleteBackendFields), so rules judge the config Triton actually checks.
 */
import type { Analysis } from '../../../analysis';
import { locate } from '../../../schema/value';
import { insertIntoMap } from '../../../editing/edits';
import type { MapNode, OffsetRange, SourceNode, TextEditOffsets } from '../../../types';

export type Obj = Record<string, unknown>;
export type AnalysisView = Omit<Analysis, 'findings'>;
export type Path = readonly (string | number)[];

export const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A repeated field as an array (a lone message when the schema failed to make it one). */
export function list(x: unknown): unknown[] {
  if (Array.isArray(x)) return x;
  return x === undefined || x === null ? [] : [x];
}

export function int(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isInteger(x) ? x : undefined;
}

export function num(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

export function str(x: unknown): string | undefined {
  return typeof x === 'string' ? x : undefined;
}

/** `true` for pbtxt booleans (`true`, `True`, `1`), as protobuf's text parser reads them. */
export function truthy(x: unknown): boolean {
  return x === true || x === 1 || (typeof x === 'string' && /^(true|t|1)$/i.test(x));
}

/** A `${name}` placeholder of a template config (filled in by a script before deployment). */
export function isTemplate(x: unknown): boolean {
  return typeof x === 'string' && x.includes('${');
}

/** The config as a plain object, or undefined when there is none to check. */
export function configOf(a: AnalysisView): Obj | undefined {
  const v = a.value?.value;
  return isObj(v) ? v : undefined;
}

/** The model name Triton prints in its messages. */
export function modelName(cfg: Obj): string {
  const n = str(cfg.name);
  return n && !isTemplate(n) ? n : 'the model';
}

/**
 * max_batch_size as written; undefined when absent, a placeholder or not an integer.
 * Absent is not simply 0: with auto-complete (Triton's default) the ONNX, TensorRT,
 * OpenVINO, TensorFlow and Python backends fill it in from the model.
 */
export function maxBatchSize(cfg: Obj): number | undefined {
  return int(cfg.max_batch_size);
}

/** Source nodes for a path; steps are object keys or array indexes. */
export function nodeAt(a: AnalysisView, path: Path): { node: SourceNode | null; keyRange?: OffsetRange } {
  if (!a.value) return { node: a.root };
  const loc = locate(a.root, a.value, path.map(String));
  return { node: loc.node, keyRange: loc.key?.range };
}

/** The range of the value at a path (its key when the value has no node). */
export function rangeAt(a: AnalysisView, path: Path): OffsetRange {
  const { node, keyRange } = nodeAt(a, path);
  return node?.range ?? keyRange ?? a.root?.range ?? { start: 0, end: 0 };
}

/** The range of the key that holds a path (the value's range when it has no key). */
export function keyRangeAt(a: AnalysisView, path: Path): OffsetRange {
  const { node, keyRange } = nodeAt(a, path);
  return keyRange ?? node?.range ?? a.root?.range ?? { start: 0, end: 0 };
}

/**
 * A protobuf map field (`input_map { key: .. value: .. }`, repeated or as a list).
 * Text format keeps the last entry of a repeated key, so `effective` says which survive.
 */
export interface MapEntry {
  key: string;
  value: unknown;
  index: number;
  effective: boolean;
}

export function mapEntries(x: unknown): MapEntry[] {
  const out: MapEntry[] = [];
  list(x).forEach((e, index) => {
    if (!isObj(e)) return;
    const key = e.key === undefined ? '' : String(e.key);
    out.push({ key, value: e.value, index, effective: true });
  });
  const seen = new Set<string>();
  for (let i = out.length - 1; i >= 0; i--) {
    if (seen.has(out[i].key)) out[i].effective = false;
    seen.add(out[i].key);
  }
  return out;
}

export interface Resolved {
  platform: string;
  backend: string;
}

/**
 * Platform and backend after Triton fills one from the other (and from
 * default_model_filename). Undefined when the answer depends on files in the model's
 * version directory (model.onnx, model.plan, ...) or on a placeholder.
 */
export function resolvePlatform(cfg: Obj): Resolved | undefined {
  const raw = [cfg.platform, cfg.backend, cfg.default_model_filename];
  if (raw.some((x) => x !== undefined && typeof x !== 'string') || raw.some(isTemplate)) return undefined;
  let p = str(cfg.platform) ?? '';
  let b = str(cfg.backend) ?? '';
  const f = str(cfg.default_model_filename) ?? '';
  if (!p && (!b || b === 'tensorflow')) {
    if (f === 'model.savedmodel') p = 'tensorflow_savedmodel';
    else if (f === 'model.graphdef') p = 'tensorflow_graphdef';
    else if (!f) return undefined;
  }
  if (p === 'tensorflow_savedmodel' || p === 'tensorflow_graphdef') return { platform: p, backend: b || 'tensorflow' };
  if (!b && (p === 'tensorrt_plan' || f === 'model.plan')) b = 'tensorrt';
  if (b === 'tensorrt') return { platform: p || 'tensorrt_plan', backend: b };
  if (!b && (p === 'onnxruntime_onnx' || f === 'model.onnx')) b = 'onnxruntime';
  if (b === 'onnxruntime') return { platform: p || 'onnxruntime_onnx', backend: b };
  if (!b && f === 'model.xml') b = 'openvino';
  if (b === 'openvino') return { platform: p, backend: b };
  if (!b && ['pytorch_libtorch', 'libtorch', 'torch_aoti'].includes(p)) b = 'pytorch';
  if (!b && (f === 'model.pt' || f === 'model.pt2')) b = 'pytorch';
  if (b === 'pytorch') return { platform: p || 'pytorch_libtorch', backend: b };
  if (!b && f === 'model.py') b = 'python';
  return { platform: p, backend: b };
}

/** Backends whose platform Triton cross-checks (GetBackendType); others accept any platform. */
export const PLATFORM_OF_BACKEND: Record<string, string[]> = {
  tensorflow: ['tensorflow_graphdef', 'tensorflow_savedmodel'],
  tensorrt: ['tensorrt_plan'],
  onnxruntime: ['onnxruntime_onnx'],
  // Triton's own table maps only pytorch_libtorch; libtorch and torch_aoti are accepted here to stay on the safe side.
  pytorch: ['pytorch_libtorch', 'libtorch', 'torch_aoti'],
};

export function isEnsemble(cfg: Obj): boolean {
  return cfg.platform === 'ensemble';
}

/** True when any string in the config is a `${...}` placeholder. */
export function hasTemplates(x: unknown): boolean {
  if (isTemplate(x)) return true;
  if (Array.isArray(x)) return x.some(hasTemplates);
  if (isObj(x)) return Object.values(x).some(hasTemplates);
  return false;
}

/** Formats a count the way messages show numbers. */
export function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * Adds `field` to a pbtxt message. insertIntoMap puts it on a new line after the last
 * field's line, which would land outside a message that closes on that same line
 * (`dynamic_batching { priority_levels: 3 }`); there it goes inline before the brace.
 */
export function insertField(text: string, map: MapNode, field: string): TextEditOffsets {
  const last = map.pairs[map.pairs.length - 1];
  if (last) {
    const nl = text.indexOf('\n', last.range.end);
    const rest = text.slice(last.range.end, nl < 0 ? text.length : nl);
    const close = rest.indexOf('}');
    if (close >= 0 && !rest.slice(0, close).includes('#')) {
      return { range: { start: last.range.end, end: last.range.end }, newText: ` ${field}` };
    }
  }
  return insertIntoMap(text, map, field, 'pbtxt');
}
