/**
 * The metric table's own consistency, and that generated artifacts use nothing else:
 * every metric a rule or panel queries is in the table, and no retired name appears.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { METRICS, RETIRED_METRICS, metric } from '../../server/src/core/observe/metrics';
import { renderRules } from '../../server/src/core/observe/rules';
import { renderDashboard } from '../../server/src/core/observe/dashboard';
import { CASES } from './observe-cases';

describe('metric table', () => {
  test('names are unique, sourced at a full commit, and spelled as their client exports them', () => {
    for (const [fw, defs] of Object.entries(METRICS)) {
      const names = defs.map((d) => d.name);
      assert.equal(new Set(names).size, names.length, `${fw}: duplicate names`);
      for (const d of defs) {
        assert.match(d.source.commit, /^[0-9a-f]{40}$/, d.name);
        assert.ok(d.labels.length, `${d.name}: no labels`);
        if (d.type !== 'histogram') assert.ok(!d.buckets, `${d.name}: buckets on a ${d.type}`);
        if (d.buckets) assert.deepEqual([...d.buckets].sort((a, b) => a - b), d.buckets, `${d.name}: buckets out of order`);
        // prometheus_client (vLLM, BentoML) and Ray's exporter add `_total` to counters; prometheus-cpp (Triton) does not.
        if (d.type === 'counter' && fw !== 'triton') assert.match(d.name, /_total$/, d.name);
      }
    }
    assert.ok(METRICS.vllm.every((d) => d.name.startsWith('vllm:')));
    assert.ok(METRICS.triton.every((d) => d.name.startsWith('nv_')));
    assert.ok(METRICS.rayserve.every((d) => d.name.startsWith('ray_serve_')));
    assert.ok(METRICS.bentoml.every((d) => d.name.startsWith('bentoml_service_')));
  });

  test('retired names are not offered as current, and their replacements are', () => {
    for (const r of RETIRED_METRICS) {
      assert.ok(!METRICS[r.framework].some((d) => d.name === r.name), `${r.name} is retired but in the table`);
      if (r.replacedBy) assert.ok(metric(r.framework, r.replacedBy));
    }
  });

  test('asking for a name outside the table throws, naming the table', () => {
    assert.throws(() => metric('vllm', 'vllm:time_per_output_token_seconds'), /not in the vllm metric table/);
  });

  test('every metric the generated files query is in the table', () => {
    for (const [name, inputs] of Object.entries(CASES)) {
      const fw = inputs[0].framework;
      const text = renderRules(inputs) + renderDashboard(inputs[0].name, inputs);
      const exprs = [...text.matchAll(/(?:"expr": "([^"\\]*(?:\\.[^"\\]*)*)")|(?:^ {10}(.+)$)/gm)].map((m) => m[1] ?? m[2]);
      assert.ok(exprs.length > 5, name);
      const used = new Set(exprs.flatMap((e) => [...e.matchAll(/\b((?:vllm:|nv_|ray_serve_|bentoml_)[A-Za-z0-9_:]+)/g)].map((m) => m[1])));
      const known = new Set(METRICS[fw].flatMap((d) => [d.name, `${d.name}_bucket`, `${d.name}_count`, `${d.name}_sum`]));
      assert.deepEqual([...used].filter((u) => !known.has(u)), [], name);
    }
  });
});

test('docs/observability.md lists every metric and every retired name in the table', () => {
  const doc = fs.readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'observability.md'), 'utf8');
  const names = [...Object.values(METRICS).flatMap((defs) => defs.map((d) => d.name)), ...RETIRED_METRICS.map((r) => r.name)];
  assert.deepEqual(names.filter((n) => !doc.includes(`\`${n}\``)), []);
  for (const defs of Object.values(METRICS)) for (const d of defs) assert.ok(doc.includes(d.source.commit), `${d.source.commit} (${d.name}) is not in the sources table`);
});
