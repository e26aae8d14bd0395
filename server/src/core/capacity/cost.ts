/**
 * Cost of a deployment: GPUs × hourly price, and dollars per million output
 * tokens at the estimated throughput.
 */
import { gpuPrice } from './gpus';
import type { CostResult, GpuSpec } from './types';

/**
 * `gpus` GPUs of `gpu` producing `outputTokS` output tokens per second.
 * `priceOverride` ($/hour per GPU) beats settings' `gpuPrices`, which beat the catalog.
 */
export function estimateCost(
  gpu: GpuSpec,
  gpus: number,
  outputTokS: number | undefined,
  opts: { priceOverride?: number; gpuPrices?: Record<string, number>; catalog?: GpuSpec[] } = {},
): CostResult {
  let price: number | null;
  let source: CostResult['priceSource'];
  if (typeof opts.priceOverride === 'number' && opts.priceOverride >= 0) {
    price = opts.priceOverride;
    source = 'setting';
  } else {
    const p = opts.catalog ? gpuPrice(gpu, opts.gpuPrices ?? {}, opts.catalog) : gpuPrice(gpu, opts.gpuPrices ?? {});
    price = p.usdPerHour;
    source = p.source;
  }
  const usdPerHour = price === null ? null : price * gpus;
  const usdPer1m = usdPerHour !== null && outputTokS && outputTokS > 0 ? (usdPerHour / 3600 / outputTokS) * 1e6 : null;
  return { gpus, usdPerHour, usdPer1mOutputTokens: usdPer1m, priceSource: source };
}
