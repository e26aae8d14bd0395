/**
 * The generated dashboards against the fields Grafana's dashboard model (schemaVersion 39)
 * needs to import one: a title, a schema version, and panels that each have a type, a
 * grid position inside the 24-column grid, and Prometheus targets with an expression.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderDashboard, GRAFANA_SCHEMA_VERSION } from '../../server/src/core/observe/dashboard';
import { CASES } from './observe-cases';

interface Target { refId: string; expr: string; datasource: { type: string; uid: string } }
interface Panel { id: number; type: string; title: string; gridPos: { h: number; w: number; x: number; y: number }; targets?: Target[] }

function problems(json: string): string[] {
  const out: string[] = [];
  const d = JSON.parse(json);
  if (typeof d.title !== 'string' || !d.title) out.push('title');
  if (d.schemaVersion !== GRAFANA_SCHEMA_VERSION) out.push('schemaVersion');
  if (typeof d.uid !== 'string' || d.uid.length > 40) out.push('uid (at most 40 characters)');
  if (!d.templating?.list?.some((v: { name: string; type: string }) => v.name === 'datasource' && v.type === 'datasource')) out.push('datasource variable');
  if (!Array.isArray(d.panels) || !d.panels.length) return [...out, 'panels'];
  const ids = new Set<number>();
  const cells = new Set<string>();
  for (const p of d.panels as Panel[]) {
    const where = `panel ${p.id} "${p.title}"`;
    if (ids.has(p.id)) out.push(`${where}: duplicate id`);
    ids.add(p.id);
    if (!['timeseries', 'row'].includes(p.type)) out.push(`${where}: type ${p.type}`);
    const g = p.gridPos;
    if (!g || ![g.h, g.w, g.x, g.y].every(Number.isInteger) || g.x < 0 || g.x + g.w > 24 || g.h < 1) out.push(`${where}: gridPos`);
    else for (let x = g.x; x < g.x + g.w; x++) for (let y = g.y; y < g.y + g.h; y++) {
      const c = `${x},${y}`;
      if (cells.has(c)) { out.push(`${where}: overlaps another panel`); y = g.y + g.h; x = g.x + g.w; }
      cells.add(c);
    }
    if (p.type === 'row') continue;
    if (!p.targets?.length) out.push(`${where}: no targets`);
    for (const t of p.targets ?? []) {
      if (!/^[A-Z]$/.test(t.refId)) out.push(`${where}: refId ${t.refId}`);
      if (!t.expr) out.push(`${where}: empty expr`);
      if (t.datasource?.type !== 'prometheus') out.push(`${where}: datasource`);
    }
  }
  return out;
}

describe('Grafana dashboard structure', () => {
  for (const [name, inputs] of Object.entries(CASES)) {
    test(`${name}: imports as a Grafana ${GRAFANA_SCHEMA_VERSION} dashboard`, () => {
      assert.deepEqual(problems(renderDashboard(inputs[0].name, inputs)), []);
    });
  }

  test('the check finds a broken dashboard', () => {
    const d = JSON.parse(renderDashboard('x', CASES.vllm));
    d.panels[1].gridPos = { ...d.panels[2].gridPos };
    delete d.panels[3].targets;
    assert.deepEqual(problems(JSON.stringify({ ...d, schemaVersion: 16 })).sort(), ['panel 3 "Time per output token": overlaps another panel', 'panel 4 "End-to-end latency": no targets', 'schemaVersion'].sort());
  });

  test('latency panels draw the SLO bound in the panel’s unit', () => {
    const d = JSON.parse(renderDashboard('llama-8b', CASES.vllm));
    const ttft = d.panels.find((p: Panel) => p.title === 'Time to first token');
    assert.ok(ttft.targets.some((t: Target & { legendFormat: string }) => t.expr === 'vector(0.8)' && t.legendFormat === 'SLO ttft:p95<800ms'));
    const triton = JSON.parse(renderDashboard('llama_vllm', CASES.triton));
    const first = triton.panels.find((p: Panel) => p.title.startsWith('First response latency'));
    assert.ok(first.targets.some((t: Target) => t.expr === 'vector(800)'));
  });
});
