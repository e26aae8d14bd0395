/**
 * The sequence batcher's control tensors, flattened: one entry per `control` of each
 * `control_input`, with its path, so the sequence-control rules share one walk.
 */
import { isObj, list, str, type Obj, type Path } from './model-config';

export const BOOLEAN_KINDS = ['CONTROL_SEQUENCE_START', 'CONTROL_SEQUENCE_END', 'CONTROL_SEQUENCE_READY'];
export const FALSE_TRUE_FIELDS = ['int32_false_true', 'fp32_false_true', 'bool_false_true'] as const;

export interface ControlTensor {
  /** Index in control_input. */
  index: number;
  name: string | undefined;
  path: Path;
  controls: { kind: string | undefined; path: Path; control: Obj }[];
}

export function controlTensors(cfg: Obj): ControlTensor[] {
  const sb = cfg.sequence_batching;
  if (!isObj(sb)) return [];
  const out: ControlTensor[] = [];
  list(sb.control_input).forEach((ci, index) => {
    if (!isObj(ci)) return;
    const path = ['sequence_batching', 'control_input', index];
    const controls: ControlTensor['controls'] = [];
    list(ci.control).forEach((c, j) => {
      if (isObj(c)) controls.push({ kind: str(c.kind), path: [...path, 'control', j], control: c });
    });
    out.push({ index, name: str(ci.name), path, controls });
  });
  return out;
}

/** Which *_false_true lists a control sets (non-empty ones, as Triton counts them). */
export function falseTrueFields(c: Obj): (typeof FALSE_TRUE_FIELDS)[number][] {
  return FALSE_TRUE_FIELDS.filter((f) => list(c[f]).length > 0);
}
