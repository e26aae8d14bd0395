/**
 * Seeded randomness for the scheduler simulation: the same inputs give the same
 * percentiles on every machine, so plans, hovers and tests are reproducible.
 */

/** mulberry32: small, fast, and good enough for arrival and length sampling. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(u: () => number): number {
  const a = Math.max(1e-12, u());
  return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
}

/**
 * Gamma(shape, 1) by Marsaglia–Tsang. vLLM's benchmark draws inter-arrival
 * times from a gamma with shape = burstiness and mean 1/rate, so shape 1 is
 * Poisson and shape < 1 is burstier.
 */
export function gamma(shape: number, u: () => number): number {
  if (shape < 1) return gamma(shape + 1, u) * Math.pow(Math.max(1e-12, u()), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(u);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = u();
    if (w < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}
