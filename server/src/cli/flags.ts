/**
 * Flags the CLI commands share: the usage error they exit 2 on, and `--gpu-price`.
 */

import { parseHumanInt } from '../core/engineArgs/humanInt';
import { wrapWords } from '../core/wrap';

export class UsageError extends Error {}

/** An integer flag in vLLM's human-readable form (`32k`, `2K`). */
export function int(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = parseHumanInt(v);
  if (n === undefined || !Number.isInteger(n)) throw new UsageError(`--${flag} must be an integer (got "${v}")`);
  return n;
}

export function float(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${flag} must be a number (got "${v}")`);
  return n;
}

/**
 * `--gpu-price` values → the `servescope.gpuPrices` shape. `NAME=USD` prices one GPU (catalog
 * id or nvidia-smi name); a bare `USD` prices the `--gpu` GPU. Negotiated rates differ from
 * list prices by multiples, so a fleet's cost is only as good as this figure.
 */
export function gpuPrices(values: string[] | undefined, gpu: string | undefined): Record<string, number> | undefined {
  if (!values?.length) return undefined;
  const prices: Record<string, number> = {};
  for (const v of values) {
    const eq = v.lastIndexOf('=');
    const name = eq >= 0 ? v.slice(0, eq).trim() : gpu;
    const usd = Number(eq >= 0 ? v.slice(eq + 1) : v);
    if (!name) throw new UsageError(`--gpu-price ${v}: say which GPU (NAME=USD), or pass --gpu`);
    if (!Number.isFinite(usd) || usd < 0) throw new UsageError(`--gpu-price must be USD per GPU-hour, e.g. 2.49 or H100=2.49 (got "${v}")`);
    prices[name] = usd;
  }
  return prices;
}


/** Usage items laid out in lines no wider than `width`, continuation lines indented to `indent`. */
export function wrapUsage(head: string, items: string[], indent: number, width = 100): string {
  return wrapWords([head, ...items], width, indent).join('\n');
}
