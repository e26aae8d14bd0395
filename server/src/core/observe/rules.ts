/**
 * Prometheus alerting rules for deployments: SLO alerts at the user's targets, capacity
 * alerts at the plan's thresholds. Pure: returns the YAML text, with comments that say
 * where every number came from.
 */
import { formatSlo, type SloTarget } from '../planner/slo';
import type { ObserveInput } from './input';
import { cite, metric, METRICS } from './metrics';
import { boundAtOrBelow, byClause, leMatcher, num, sel, type Ctx } from './promql';
import { PROFILES, type AlertRule, type LatencySignal } from './profiles';

/**
 * Multi-window burn rates from the SRE workbook for a 30-day budget: 14.4× over 1 h (checked
 * against 5 m so the page clears soon after recovery) spends 2% of the budget, 6× over 6 h
 * (against 30 m) spends 5%.
 */
const BURN_WINDOWS = [
  { long: '1h', short: '5m', factor: 14.4, severity: 'page', suffix: 'BudgetBurnFast' },
  { long: '6h', short: '30m', factor: 6, severity: 'ticket', suffix: 'BudgetBurnSlow' },
] as const;

/**
 * A bucket bound below the target makes requests between the bound and the target count as
 * slow: the ratio errs towards alerting early. Below 80% of the target it would mostly
 * measure something else, so no burn-rate alert is made from it.
 */
const MIN_BOUND_FRACTION = 0.8;

export interface RuleGroup {
  name: string;
  comments: string[];
  rules: AlertRule[];
}

const METRIC_TITLE = { ttft: 'Ttft', tpot: 'Tpot', e2e: 'E2e' } as const;

function ctxFor(input: ObserveInput): Ctx {
  return { framework: input.framework, matchers: input.matchers ?? {} };
}

function sloRules(input: ObserveInput, target: SloTarget, signal: LatencySignal, ctx: Ctx): { rules: AlertRule[]; comments: string[] } {
  const spec = formatSlo({ targets: [target] });
  const base = `${METRIC_TITLE[target.metric]}P${target.percentile}`;
  const source = `${spec} (from the SLO)`;
  if (signal.kind === 'mean') {
    const mean = `${sumRate(ctx, signal.sum, '', signal.by, '5m')} / ${sumRate(ctx, signal.count, '', signal.by, '5m')} * ${num(signal.toMs)}`;
    return {
      comments: [`${spec}: ${signal.note}.`],
      rules: [{
        alert: `${METRIC_TITLE[target.metric]}MeanAboveSlo`,
        expr: `${mean} > ${num(target.ms)}`,
        for: '10m',
        severity: 'warning',
        summary: `${input.name}: mean ${target.metric} above the ${spec} bound`,
        description: `Mean ${target.metric} is {{ $value | humanize }} ms; the SLO bounds p${target.percentile} at ${num(target.ms)} ms, and with the long right tail of serving latencies the percentile is then above it too.`,
        thresholdSource: source,
      }],
    };
  }
  const m = metric(ctx.framework, signal.metric);
  const limit = target.ms / signal.toMs;
  const comments: string[] = signal.note ? [`${spec}: ${signal.note}.`] : [];
  const rules: AlertRule[] = [{
    alert: `${base}AboveSlo`,
    expr: `histogram_quantile(${num(target.percentile / 100)}, sum by (${['le', ...signal.by.filter((l) => m.labels.includes(l))].join(', ')}) (rate(${sel(ctx, m.name, '_bucket')}[5m]))) > ${num(limit)}`,
    for: '10m',
    severity: 'warning',
    summary: `${input.name}: p${target.percentile} ${target.metric} above ${num(target.ms)} ms`,
    description: `p${target.percentile} ${target.metric} over the last 5 minutes is {{ $value | humanize }} (${m.unit}); the SLO is ${spec}.`,
    thresholdSource: source,
  }];
  const budget = 1 - target.percentile / 100;
  const bound = boundAtOrBelow(m, limit);
  if (bound === undefined || bound < MIN_BOUND_FRACTION * limit) {
    const near = bound === undefined ? 'no bucket at or below it' : `the nearest bucket below it is ${num(bound)}`;
    comments.push(`${spec}: no burn-rate alert: the bound is ${num(limit)} ${m.unit} and ${near}; add a bucket at the bound to get one.`);
    return { rules, comments };
  }
  comments.push(
    `${spec}: burn rate counts a request as slow when it is above the ${num(bound)} ${m.unit} bucket` +
      (bound === limit ? ' (exactly the bound).' : ` (the bound is ${num(limit)}; the bucket below errs towards alerting early).`),
  );
  const labels = signal.by.filter((l) => m.labels.includes(l));
  const slow = (w: string) =>
    `(1 - ${sumRate(ctx, m.name, '_bucket', labels, w, [leMatcher(bound)])} / ${sumRate(ctx, m.name, '_count', labels, w)})`;
  for (const win of BURN_WINDOWS) {
    const ratio = win.factor * budget;
    if (ratio >= 1) {
      // A p50 target has a 50% budget: burning it 6× faster would need more than every request to be slow.
      comments.push(`${spec}: no ${win.long} burn-rate alert: ${win.factor}× a ${num(budget * 100)}% budget exceeds all requests.`);
      continue;
    }
    rules.push({
      alert: `${base}${win.suffix}`,
      expr: `${slow(win.long)} > ${num(ratio)}\nand\n${slow(win.short)} > ${num(ratio)}`,
      for: win.severity === 'page' ? '2m' : '15m',
      severity: win.severity,
      summary: `${input.name}: ${spec} error budget burning ${win.factor}× too fast`,
      description: `More than ${num(ratio * 100)}% of requests took longer than ${num(bound)} ${m.unit} over both ${win.long} and ${win.short}; at this rate the 30-day budget of ${num(budget * 100)}% slow requests lasts ${(30 / win.factor).toFixed(1)} days.`,
      thresholdSource: source,
    });
  }
  return { rules, comments };
}

function sumRate(ctx: Ctx, name: string, series: string, labels: readonly string[], window: string, extra: string[] = []): string {
  const m = metric(ctx.framework, name);
  return `sum${byClause(labels.filter((l) => m.labels.includes(l)))} (rate(${sel(ctx, name, series, extra)}[${window}]))`;
}

/** The SLO targets the framework has no metric for, and why: the CLI tells the user. */
export function unalerted(input: ObserveInput): { spec: string; reason: string }[] {
  const profile = PROFILES[input.framework];
  return (input.slo?.targets ?? [])
    .filter((t) => !profile.latency[t.metric])
    .map((t) => ({ spec: formatSlo({ targets: [t] }), reason: profile.noLatency[t.metric] ?? 'no metric for it' }));
}

/** The rule groups for one deployment: its SLO alerts and its capacity alerts. */
export function ruleGroups(input: ObserveInput): RuleGroup[] {
  const profile = PROFILES[input.framework];
  const ctx = ctxFor(input);
  const slo: RuleGroup = { name: `servescope.${input.name}.slo`, comments: [], rules: [] };
  if (!input.slo?.targets.length) slo.comments.push('No SLO given (--slo): no latency alerts.');
  for (const u of unalerted(input)) slo.comments.push(`${u.spec}: not alerted: ${u.reason}.`);
  for (const t of input.slo?.targets ?? []) {
    const signal = profile.latency[t.metric];
    if (!signal) continue;
    const r = sloRules(input, t, signal, ctx);
    slo.comments.push(...r.comments);
    slo.rules.push(...r.rules);
  }
  const cap = profile.capacity(ctx, input);
  return [slo, { name: `servescope.${input.name}.capacity`, comments: cap.notes.map((n) => n[0].toUpperCase() + n.slice(1) + '.'), rules: cap.rules }];
}

const str = (s: string) => JSON.stringify(s);

function renderRule(r: AlertRule, input: ObserveInput): string[] {
  return [
    `      - alert: ${r.alert}`,
    '        expr: |-',
    ...r.expr.split('\n').map((l) => `          ${l}`),
    `        for: ${r.for}`,
    '        labels:',
    `          severity: ${r.severity}`,
    // Not `deployment`: Ray Serve series carry a `deployment` label of their own, and a rule label would overwrite it.
    `          servescope_deployment: ${str(input.name)}`,
    `          framework: ${input.framework}`,
    '        annotations:',
    `          summary: ${str(r.summary)}`,
    `          description: ${str(r.description)}`,
    `          threshold_source: ${str(r.thresholdSource)}`,
  ];
}

/** The rules file for `inputs` (one or more deployments of one config). */
export function renderRules(inputs: ObserveInput[]): string {
  const out: string[] = ['# Prometheus alerting rules generated by `servescope observe`. Check with: promtool check rules FILE'];
  const sources = new Set(inputs.flatMap((i) => METRICS[i.framework].map((m) => cite(m.source))));
  out.push(`# Metric names as exported by: ${[...sources].join(', ')}`);
  out.push('groups:');
  for (const input of inputs) {
    out.push(`  # ${input.name} (${input.framework})${input.slo?.targets.length ? `, SLO ${formatSlo(input.slo)}` : ''}`);
    if (input.rps !== undefined) out.push(`  # Expected peak load ${num(input.rps)} req/s.`);
    for (const r of input.planReasons ?? []) out.push(`  # From the plan: ${r}.`);
    for (const g of ruleGroups(input)) {
      if (!g.rules.length) {
        for (const c of g.comments) out.push(`  # ${c}`);
        continue;
      }
      out.push(`  - name: ${str(g.name)}`);
      for (const c of g.comments) out.push(`    # ${c}`);
      out.push('    rules:');
      for (const r of g.rules) out.push(...renderRule(r, input));
    }
  }
  return out.join('\n') + '\n';
}
