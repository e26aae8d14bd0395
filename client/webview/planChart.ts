/**
 * The plan view's chart: for one latency metric, each candidate's p95 against the
 * request rate per replica, the SLO bound as a dashed line, and each candidate's
 * operating point (the highest rate that meets the SLO) as a dot. Inline SVG built
 * with DOM calls: no markup from data, no remote resources.
 */
import type { PlanRow } from '../../server/src/core/planner/planView';
import type { SloTarget } from '../../server/src/core/planner/slo';

const SVG = 'http://www.w3.org/2000/svg';
const W = 460;
const H = 240;
const PAD = { left: 52, right: 12, top: 14, bottom: 36 };

export type Metric = 'ttft' | 'tpot';

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A round step for axis ticks near range/4. */
function step(range: number): number {
  const raw = range / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
}

const value = (m: Metric, p: { p95TtftMs: number; p95TpotMs: number }) => (m === 'ttft' ? p.p95TtftMs : p.p95TpotMs);

/** Renders one chart; rows keep their table index so colours match the table's swatches. */
export function latencyChart(metric: Metric, rows: PlanRow[], slo: SloTarget[], selected: number): SVGSVGElement {
  const title = metric === 'ttft' ? 'p95 time to first token (ms)' : 'p95 time per output token (ms)';
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'chart', 'aria-label': `${title} against requests per second per replica` });
  const bound = slo.find((t) => t.metric === metric);
  const curves = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.curve.length);
  const xMax = Math.max(1e-3, ...curves.flatMap(({ r }) => r.curve.map((c) => c.rps)));
  // Latency grows without bound near saturation: the y axis stops a little above the SLO and the operating points.
  const ops = curves.flatMap(({ r }) => (r.operatingPoint ? [value(metric, r.operatingPoint)] : []));
  const first = curves.flatMap(({ r }) => r.curve.slice(0, 1).map((c) => value(metric, c)));
  const yMax = Math.max(1, (bound?.ms ?? 0) * 1.6, ...ops.map((v) => v * 1.3), ...first.map((v) => v * 1.5));
  const x = (v: number) => PAD.left + (v / xMax) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (Math.min(v, yMax) / yMax) * (H - PAD.top - PAD.bottom);

  svg.append(el('text', { x: PAD.left, y: 10, class: 'chart-title' }, title));
  const xs = step(xMax);
  for (let v = 0; v <= xMax + 1e-9; v += xs) {
    svg.append(el('line', { x1: x(v), x2: x(v), y1: PAD.top, y2: H - PAD.bottom, class: 'grid' }));
    svg.append(el('text', { x: x(v), y: H - PAD.bottom + 14, class: 'tick', 'text-anchor': 'middle' }, fmt(v)));
  }
  const ys = step(yMax);
  for (let v = 0; v <= yMax + 1e-9; v += ys) {
    svg.append(el('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: 'grid' }));
    svg.append(el('text', { x: PAD.left - 6, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' }, fmt(v)));
  }
  svg.append(el('text', { x: (PAD.left + W - PAD.right) / 2, y: H - 4, class: 'axis', 'text-anchor': 'middle' }, 'requests/s per replica'));
  if (bound) {
    svg.append(el('line', { x1: PAD.left, x2: W - PAD.right, y1: y(bound.ms), y2: y(bound.ms), class: 'slo' }));
    const note = bound.percentile === 95 ? '' : ` (on p${bound.percentile}; curves are p95)`;
    svg.append(el('text', { x: W - PAD.right - 2, y: y(bound.ms) - 4, class: 'slo-label', 'text-anchor': 'end' }, `SLO ${bound.ms} ms${note}`));
  }
  for (const { r, i } of curves) {
    const cls = `series s${i % 6}${i === selected ? ' selected' : ''}`;
    // Past the first saturated rate a queue grows for as long as a run lasts: the curve stops there.
    // Above the axis the line stops at its first point off the chart rather than running flat along the top.
    const cut = r.curve.findIndex((c) => c.saturated || value(metric, c) > yMax);
    const pts = cut < 0 ? r.curve : r.curve.slice(0, cut + 1);
    svg.append(el('polyline', { points: pts.map((c) => `${x(c.rps).toFixed(1)},${y(value(metric, c)).toFixed(1)}`).join(' '), class: cls }));
    // The selected plan's load per replica at the peak: where its fleet actually runs, below the operating point.
    const peak = r.peakRpsPerReplica;
    const atPeak = metric === 'ttft' ? r.numbers.p95_ttft_ms : r.numbers.p95_tpot_ms;
    if (i === selected && peak !== undefined && atPeak !== null) {
      const ring = el('circle', { cx: x(peak), cy: y(atPeak), r: 6, class: `peak s${i % 6}` });
      ring.append(el('title', {}, `${r.label}: at the peak, ${fmt(peak)} req/s per replica, p95 ${fmt(atPeak)} ms`));
      svg.append(ring);
    }
    if (r.operatingPoint) {
      const dot = el('circle', { cx: x(r.operatingPoint.rps), cy: y(value(metric, r.operatingPoint)), r: i === selected ? 5 : 3.5, class: `op s${i % 6}` });
      dot.append(el('title', {}, `${r.label}: operating point ${fmt(r.operatingPoint.rps)} req/s, p95 ${fmt(value(metric, r.operatingPoint))} ms`));
      svg.append(dot);
    }
  }
  return svg;
}

export function fmt(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  return a >= 100 ? String(Math.round(v)) : a >= 10 ? v.toFixed(1).replace(/\.0$/, '') : v.toFixed(2).replace(/\.?0+$/, '') || '0';
}
