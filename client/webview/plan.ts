/**
 * Browser side of the plan view: the traffic/SLO form, the charts, the ranked
 * table and Apply. Everything shown comes from the extension's `result` message
 * (the planner's numbers); this script only lays it out and reports the user's
 * inputs and clicks. Text is set with textContent, never parsed as HTML.
 */
import type { PlanRow } from '../../server/src/core/planner/planView';
import type { PlanDocumentResult } from '../../server/src/protocol/editor';
import type { PlanExtensionToWebview, PlanWebviewToExtension } from '../src/planView/messages';
import { fmt, latencyChart } from './planChart';

interface VsCodeApi {
  postMessage(msg: PlanWebviewToExtension): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('inputs');
const NUMBER_FIELDS = ['peakRps', 'avgRps', 'inputLen', 'outputLen'] as const;
const TEXT_FIELDS = ['slo', 'gpu'] as const;

let result: PlanDocumentResult | undefined;
let selected = -1;

function h<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const inputs: Record<string, number | string> = {};
  for (const k of NUMBER_FIELDS) {
    const v = $<HTMLInputElement>(k).value.trim();
    if (v !== '') inputs[k] = Number(v);
  }
  for (const k of TEXT_FIELDS) inputs[k] = $<HTMLInputElement>(k).value;
  inputs.preset = $<HTMLSelectElement>('preset').value;
  const bad = NUMBER_FIELDS.find((k) => typeof inputs[k] === 'number' && !Number.isFinite(inputs[k]));
  if (bad) return showMessages([`${$<HTMLInputElement>(bad).parentElement?.firstChild?.textContent?.trim() ?? bad} is not a number`], 'error');
  $('applied').textContent = '';
  vscode.postMessage({ type: 'plan', inputs });
});

$<HTMLButtonElement>('apply').addEventListener('click', () => {
  if (selected >= 0) vscode.postMessage({ type: 'apply', row: selected });
});

window.addEventListener('message', (ev: MessageEvent<PlanExtensionToWebview>) => {
  const m = ev.data;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'busy') {
    $('file').textContent = m.fileName;
    $('status').textContent = 'Planning…';
    document.body.classList.add('busy');
  } else if (m.type === 'error') {
    done();
    result = undefined;
    clearResult();
    showMessages([m.message], 'error');
  } else if (m.type === 'result') {
    done();
    $('file').textContent = m.fileName;
    result = m.result;
    selected = m.result.chosen;
    render();
  } else if (m.type === 'applied') {
    const a = $('applied');
    a.textContent = m.message;
    a.className = m.ok ? 'ok' : 'error';
  }
});

function done(): void {
  $('status').textContent = '';
  document.body.classList.remove('busy');
}

function showMessages(lines: string[], kind: 'error' | 'warning'): void {
  const box = $('messages');
  box.replaceChildren(...lines.map((l) => h('p', l, kind)));
}

function clearResult(): void {
  for (const id of ['summary', 'charts', 'tableWrap', 'applyInfo', 'assumptions', 'topology']) $(id).replaceChildren();
  $<HTMLButtonElement>('apply').disabled = true;
}

function fillInputs(r: PlanDocumentResult): void {
  const i = r.inputs;
  const set = (id: string, v: number | string | undefined) => ($<HTMLInputElement>(id).value = v === undefined ? '' : String(v));
  set('peakRps', i.peakRps);
  set('avgRps', i.avgRps);
  set('inputLen', i.inputLen);
  set('outputLen', i.outputLen);
  set('slo', i.slo);
  set('gpu', i.gpu);
  const sel = $<HTMLSelectElement>('preset');
  const keep = i.preset ?? '';
  sel.replaceChildren(h('option', 'lengths above'), ...r.presets.map((p) => h('option', p)));
  (sel.firstChild as HTMLOptionElement).value = '';
  sel.value = keep;
  const from = { view: 'what you entered', modeline: 'the # servescope comment', setting: 'servescope.traffic / servescope.slo', file: 'the file', none: 'nowhere yet' };
  $('origin').textContent = `Traffic and SLO from ${from[i.origin.traffic]}; GPU from ${from[i.origin.gpu]}.`;
}

function render(): void {
  const r = result;
  if (!r) return;
  fillInputs(r);
  clearResult();
  if (!r.ok) return showMessages(r.errors, 'error');
  showMessages(r.unreachable ? [`SLO not reachable: ${r.unreachable}`] : [], 'warning');
  renderSummary(r);
  renderCharts(r);
  renderTable(r);
  renderApply(r);
  const row = r.rows[selected];
  $('topology').textContent = row?.diagram ?? 'This plan has no fleet that meets the SLO: nothing to draw.';
  $('assumptions').replaceChildren(...[...r.assumptions, ...(row?.numbers.assumptions ?? [])].map((a) => h('li', a)));
}

function renderSummary(r: PlanDocumentResult): void {
  const c = r.rows[r.chosen];
  if (!c) return;
  const n = c.numbers;
  const cost = n.usd_per_hour !== null ? `$${n.usd_per_hour.toFixed(2)}/h at peak` : 'no price known';
  const p = h('p', undefined, n.meets_slo ? 'recommend ok' : 'recommend miss');
  p.append(h('strong', `${n.meets_slo ? 'Recommended' : 'Closest'}: ${c.label}`), ` — ${n.total_gpus ?? '?'} GPUs, ${cost}, p95 TTFT ${fmt(n.p95_ttft_ms ?? NaN)} ms, p95 TPOT ${fmt(n.p95_tpot_ms ?? NaN)} ms at peak load, for ${r.sloText ?? ''}${r.deployment ? ` (${r.deployment})` : ''}.`);
  $('summary').replaceChildren(p);
}

function renderCharts(r: PlanDocumentResult): void {
  const charts = $('charts');
  const metrics = r.rows.some((row) => row.curve.length) ? (['ttft', 'tpot'] as const) : [];
  charts.replaceChildren(...metrics.map((m) => latencyChart(m, r.rows, r.slo, selected)));
  const legend = h('div', undefined, 'legend');
  r.rows.forEach((row, i) => {
    if (!row.curve.length) return;
    const item = h('span', undefined, `legend-item${i === selected ? ' selected' : ''}`);
    item.append(h('span', '', `swatch s${i % 6}`), row.label);
    legend.append(item);
  });
  legend.append(h('span', '● operating point (highest rate per replica meeting the SLO) · ○ the selected plan at the peak · dashed: SLO', 'legend-note'));
  charts.append(legend);
}

/** Short headers so ten columns fit a half-width panel; the caption under the table says what they measure. */
const COLUMNS: [string, (row: PlanRow) => string][] = [
  ['GPU', (r) => r.numbers.gpu],
  ['TP', (r) => String(r.numbers.tensor_parallel_size)],
  ['Replicas', (r) => (r.numbers.replicas ?? '–').toString()],
  ['GPUs', (r) => (r.numbers.total_gpus ?? '–').toString()],
  ['Max req/s per replica', (r) => fmt(r.numbers.max_rps_per_replica)],
  ['p95 TTFT ms', (r) => fmt(r.numbers.p95_ttft_ms ?? NaN)],
  ['p95 TPOT ms', (r) => fmt(r.numbers.p95_tpot_ms ?? NaN)],
  ['$/h', (r) => (r.numbers.usd_per_hour !== null ? r.numbers.usd_per_hour.toFixed(2) : '–')],
  ['$/1M tok', (r) => (r.numbers.usd_per_1m_output_tokens !== null ? r.numbers.usd_per_1m_output_tokens.toFixed(2) : '–')],
  ['Meets SLO', (r) => (r.numbers.meets_slo ? 'yes' : r.numbers.skipped ? 'skipped' : 'no')],
];

function renderTable(r: PlanDocumentResult): void {
  const table = h('table', undefined, 'plans');
  table.setAttribute('aria-label', 'Candidates, best first');
  const head = h('tr');
  head.append(h('th', ''), ...COLUMNS.map(([t]) => h('th', t)));
  table.append(h('thead'));
  table.tHead!.append(head);
  const body = h('tbody');
  r.rows.forEach((row, i) => {
    const tr = h('tr', undefined, `${i === selected ? 'selected' : ''}${row.numbers.meets_slo ? ' meets' : ' misses'}`);
    const pick = h('td');
    const radio = h('input');
    radio.type = 'radio';
    radio.name = 'row';
    radio.checked = i === selected;
    radio.setAttribute('aria-label', `Choose ${row.label}`);
    radio.addEventListener('change', () => select(i));
    const sw = h('span', '', `swatch s${i % 6}`);
    pick.append(radio, sw);
    tr.append(pick, ...COLUMNS.map(([, f], k) => h('td', f(row), k === COLUMNS.length - 1 ? 'slo-cell' : undefined)));
    if (i === r.chosen) {
      const star = h('span', '★', 'star');
      star.title = r.rows[i].numbers.meets_slo ? 'recommended' : 'closest to the SLO';
      pick.append(star);
    }
    tr.addEventListener('click', (ev) => {
      if ((ev.target as HTMLElement).tagName !== 'INPUT') select(i);
    });
    body.append(tr);
  });
  table.append(body);
  // Reasons are sentences: under the table, so the columns stay narrow enough for a half-width panel.
  const why = r.rows.filter((row) => row.numbers.skipped).map((row) => h('li', `${row.label}: ${row.numbers.skipped}`));
  const notes = why.length ? [h('p', 'Skipped:', 'note'), listOf(why, 'skipped')] : [];
  const caption = h('p', `★ ${r.rows[r.chosen]?.numbers.meets_slo ? 'recommended' : 'closest'}. Latencies at the peak load per replica; $/h for the peak fleet; $/1M output tokens at the average rate.`, 'note');
  $('tableWrap').replaceChildren(table, caption, ...notes);
}

function listOf(items: HTMLElement[], cls?: string): HTMLUListElement {
  const ul = h('ul', undefined, cls);
  ul.append(...items);
  return ul;
}

function select(i: number): void {
  if (!result || i === selected) return;
  selected = i;
  $('applied').textContent = '';
  render();
}

function renderApply(r: PlanDocumentResult): void {
  const a = r.apply[selected];
  const button = $<HTMLButtonElement>('apply');
  const info = $('applyInfo');
  if (!a) return;
  button.disabled = !!a.refused || a.edits.length === 0;
  const parts: HTMLElement[] = [];
  if (a.refused) parts.push(h('p', `Apply is not available: ${a.refused}`, 'error'));
  if (a.changes.length) {
    parts.push(h('p', a.refused ? 'It would have written:' : 'Apply writes:'), listOf(a.changes.map((c) => h('li', c, 'change'))));
  } else if (!a.refused) parts.push(h('p', 'Nothing in this file changes for this plan.'));
  if (a.manual.length) {
    parts.push(h('p', 'Change by hand:'), listOf(a.manual.map((c) => h('li', c, 'manual'))));
  }
  info.replaceChildren(...parts);
}

vscode.postMessage({ type: 'ready' });
