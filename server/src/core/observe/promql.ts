/**
 * Small PromQL builders. Every name goes through the metric table, and every matcher is
 * dropped for metrics that lack the label, so a query never selects nothing by mistake.
 */
import { metric, type MetricDef, type ObserveFramework } from './metrics';

export interface Ctx {
  framework: ObserveFramework;
  matchers: Record<string, string>;
}

const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** `name{label="v",…}` for `series` of `m` (`_bucket`, `_count`, …) with the deployment's matchers and `extra`. */
export function sel(ctx: Ctx, name: string, series = '', extra: string[] = []): string {
  const m = metric(ctx.framework, name);
  const parts = Object.entries(ctx.matchers)
    .filter(([label]) => m.labels.includes(label))
    .map(([label, v]) => `${label}=${quote(v)}`);
  parts.push(...extra);
  return `${m.name}${series}${parts.length ? `{${parts.join(',')}}` : ''}`;
}

/** The labels of `by` that `name` carries: what `sum by (…)` keeps so one series per deployment comes out. */
export function by(ctx: Ctx, name: string, by: readonly string[]): string[] {
  const m = metric(ctx.framework, name);
  return by.filter((l) => m.labels.includes(l));
}

export const byClause = (labels: readonly string[]) => (labels.length ? ` by (${labels.join(', ')})` : '');

/**
 * A matcher for one histogram bound. Clients spell bounds differently (`1.0` from Python's
 * client, `1` from Go's, and Prometheus 3 rewrites classic `le` values to float form), so the
 * matcher accepts both spellings.
 */
export function leMatcher(bound: number): string {
  const plain = String(bound);
  const spellings = Number.isInteger(bound) ? [plain, `${plain}.0`] : [plain];
  return `le=~"${spellings.map((s) => s.replace(/\./g, '\\\\.')).join('|')}"`;
}

/** The largest bucket bound at or below `limit`, in the metric's unit. */
export function boundAtOrBelow(m: MetricDef, limit: number): number | undefined {
  const below = (m.buckets ?? []).filter((b) => b <= limit + 1e-12);
  return below.length ? below[below.length - 1] : undefined;
}

/** Numbers in PromQL and YAML without float noise (0.1 + 0.2 style). */
export function num(x: number): string {
  return String(Number(x.toPrecision(12)));
}
