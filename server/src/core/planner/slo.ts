/**
 * Latency targets, written the way llm-optimizer and guidellm users already write
 * them: `ttft:p95<800ms;tpot:p95<60ms;e2e:p99<20s`. Separators `;` or `,`; units
 * `ms` (default) or `s`; `itl` is accepted for `tpot` because vLLM's metric for the
 * same gap is inter-token latency.
 */

export type SloMetric = 'ttft' | 'tpot' | 'e2e';
export type Percentile = 50 | 90 | 95 | 99;
export const PERCENTILES: readonly Percentile[] = [50, 90, 95, 99];

export interface SloTarget {
  metric: SloMetric;
  percentile: Percentile;
  /** Upper bound, milliseconds. */
  ms: number;
}

export interface Slo {
  targets: SloTarget[];
  /** The spec as the user wrote it, for messages. */
  spec: string;
}

const TERM = /^(ttft|tpot|itl|e2e|e2el|latency)\s*:\s*p(50|90|95|99)\s*(<=?)\s*([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*(ms|s)?$/i;

/** Parses an SLO spec; an error names the term it could not read and what a term looks like. */
export function parseSlo(spec: string): Slo | { error: string } {
  const text = spec.trim();
  if (!text) return { error: 'the SLO is empty; write e.g. "ttft:p95<800ms;tpot:p95<60ms"' };
  const targets: SloTarget[] = [];
  for (const raw of text.split(/[;,]/)) {
    const term = raw.trim();
    if (!term) continue;
    const m = TERM.exec(term);
    if (!m) return { error: `cannot read SLO term "${term}": write METRIC:pNN<VALUE with METRIC ttft, tpot (or itl) or e2e, NN 50, 90, 95 or 99, VALUE in ms or s, e.g. "ttft:p95<800ms"` };
    const name = m[1].toLowerCase();
    const metric: SloMetric = name === 'itl' ? 'tpot' : name === 'e2el' || name === 'latency' ? 'e2e' : (name as SloMetric);
    const value = Number(m[4]) * ((m[5] ?? 'ms').toLowerCase() === 's' ? 1000 : 1);
    if (!(value > 0) || !Number.isFinite(value)) return { error: `SLO term "${term}": the bound must be a positive duration` };
    const percentile = Number(m[2]) as Percentile;
    const dup = targets.find((t) => t.metric === metric && t.percentile === percentile);
    if (dup) {
      // Two bounds on the same percentile: the tighter one is what must hold.
      dup.ms = Math.min(dup.ms, value);
      continue;
    }
    targets.push({ metric, percentile, ms: value });
  }
  if (!targets.length) return { error: 'the SLO has no terms; write e.g. "ttft:p95<800ms;tpot:p95<60ms"' };
  return { targets, spec: text };
}

/** The canonical spelling of an SLO, used in messages, modelines and generated files. */
export function formatSlo(slo: Pick<Slo, 'targets'>): string {
  return slo.targets.map((t) => `${t.metric}:p${t.percentile}<${t.ms >= 10_000 && t.ms % 1000 === 0 ? `${t.ms / 1000}s` : `${round(t.ms)}ms`}`).join(';');
}

const round = (x: number) => (Number.isInteger(x) ? x : Math.round(x * 10) / 10);
