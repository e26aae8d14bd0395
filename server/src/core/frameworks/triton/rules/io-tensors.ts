/** The model's inputs and outputs with their paths, for the dims/reshape/format rules. */
import { int, isObj, list, str, type Obj, type Path } from './model-config';

export interface IoTensor {
  side: 'input' | 'output';
  index: number;
  name: string | undefined;
  path: Path;
  io: Obj;
}

export function ioTensors(cfg: Obj): IoTensor[] {
  const out: IoTensor[] = [];
  for (const side of ['input', 'output'] as const) {
    list(cfg[side]).forEach((io, index) => {
      if (isObj(io)) out.push({ side, index, name: str(io.name), path: [side, index], io });
    });
  }
  return out;
}

/** Integer entries of a dims-like list; undefined when any entry is not an integer (e.g. a placeholder). */
export function intList(x: unknown): number[] | undefined {
  const l = list(x).map(int);
  return l.every((n) => n !== undefined) ? (l as number[]) : undefined;
}

/** Triton's element count: -1 with a variable-size dimension, 0 for an empty shape, else the product. */
export function elementCount(dims: number[]): number {
  if (dims.includes(-1)) return -1;
  return dims.length === 0 ? 0 : dims.reduce((a, b) => a * b, 1);
}

/** "model input 'X' " as Triton prefixes its IO messages. */
export function ioLabel(t: IoTensor): string {
  return `model ${t.side} '${t.name ?? ''}'`;
}
