/**
 * What the planner is asked to serve: arrival rates, prompt and output lengths
 * (mean and spread), arrival burstiness and the share of each prompt a prefix
 * cache already holds.
 */

export interface LengthSpec {
  mean: number;
  /**
   * Half-width of a uniform spread around the mean, as a fraction (0.5 → mean ± 50%).
   * The same shape as `vllm bench serve --random-range-ratio`.
   */
  spread?: number;
}

export interface Traffic {
  /** Peak arrival rate, requests/s: the fleet is sized for it. */
  peakRps: number;
  /** Average arrival rate, requests/s: what the fleet costs most of the day. */
  avgRps?: number;
  /** 24 hourly rates (requests/s); peak and average are read from it when given. */
  hourly?: number[];
  input: LengthSpec;
  output: LengthSpec;
  /** Share of prompt tokens found in the prefix cache (0–1). */
  prefixHitRatio?: number;
  /** Gamma shape of inter-arrival times: 1 is Poisson, below 1 burstier (vLLM bench's --burstiness). */
  burstiness?: number;
}

export function validateTraffic(t: Traffic): string[] {
  const errs: string[] = [];
  const pos = (v: number | undefined, what: string, max = 1e7) => {
    if (v !== undefined && !(Number.isFinite(v) && v > 0 && v <= max)) errs.push(`${what} must be a positive number up to ${max.toLocaleString('en-US')} (got ${v})`);
  };
  if (t.hourly) {
    if (t.hourly.length !== 24 || t.hourly.some((x) => !(Number.isFinite(x) && x >= 0))) errs.push('the hourly profile must be 24 non-negative request rates');
  }
  pos(t.peakRps, 'the peak request rate');
  pos(t.avgRps, 'the average request rate');
  if (t.avgRps !== undefined && t.peakRps > 0 && t.avgRps > t.peakRps) errs.push(`the average rate ${t.avgRps} req/s is above the peak ${t.peakRps} req/s`);
  pos(t.input.mean, 'the prompt length', 1e7);
  pos(t.output.mean, 'the output length', 1e7);
  for (const [s, what] of [[t.input.spread, 'prompt'], [t.output.spread, 'output']] as const) {
    if (s !== undefined && !(s >= 0 && s < 1)) errs.push(`the ${what} length spread must be in [0, 1) (got ${s})`);
  }
  if (t.prefixHitRatio !== undefined && !(t.prefixHitRatio >= 0 && t.prefixHitRatio < 1)) errs.push(`the prefix-cache hit ratio must be in [0, 1) (got ${t.prefixHitRatio})`);
  if (t.burstiness !== undefined && !(t.burstiness > 0 && t.burstiness <= 100)) errs.push(`burstiness must be in (0, 100] (got ${t.burstiness})`);
  return errs;
}

/** Peak and average from the hourly profile when one is given. */
export function rates(t: Traffic): { peak: number; avg: number } {
  if (t.hourly?.length === 24) {
    const peak = Math.max(...t.hourly);
    return { peak, avg: t.hourly.reduce((a, b) => a + b, 0) / 24 };
  }
  return { peak: t.peakRps, avg: t.avgRps ?? t.peakRps };
}
