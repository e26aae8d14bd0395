/**
 * `servescope/planDocument` through the bundled server over stdio: the plan view's
 * table for an open example, prefilled from the settings, each row's checked edit
 * as line/character ranges, and bad input answered with a message.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, ROOT, SERVER } from './harness';
import { PLAN_DOCUMENT, type PlanDocumentParams, type PlanDocumentResult } from '../../server/src/protocol/editor';

const EXAMPLE = path.join(ROOT, 'examples', 'rayserve', 'llm_app.yaml');
const uri = pathToFileURL(EXAMPLE).toString();

describe('servescope/planDocument over stdio', { timeout: 120_000 }, () => {
  let c: LspClient;
  const text = fs.readFileSync(EXAMPLE, 'utf8');

  before(async () => {
    assert.ok(fs.existsSync(SERVER), 'dist/server.js must be built (node esbuild.mjs)');
    c = new LspClient();
    c.settings = { traffic: { peakRps: 12, avgRps: 4 }, slo: 'ttft:p95<1s;tpot:p95<80ms' };
    await c.initialize(pathToFileURL(path.join(ROOT, 'examples')).toString());
    c.open(uri, text);
    await c.diagnostics(uri, 1);
  });
  after(() => c.stop());

  const plan = (inputs?: PlanDocumentParams['inputs']) => c.request<PlanDocumentResult>(PLAN_DOCUMENT, { uri, inputs } satisfies PlanDocumentParams);

  test('plans the open file with the traffic and SLO from the settings, and says what Apply writes per row', async () => {
    const r = await plan();
    assert.ok(r.ok, r.errors.join());
    assert.equal(r.version, 1);
    assert.deepEqual([r.inputs.peakRps, r.inputs.avgRps, r.inputs.slo, r.inputs.gpu, r.inputs.origin.traffic], [12, 4, 'ttft:p95<1s;tpot:p95<80ms', 'L4', 'setting']);
    assert.equal(r.apply.length, r.rows.length);
    const chosen = r.rows[r.chosen];
    assert.ok(chosen.numbers.meets_slo, chosen.label);
    assert.match(chosen.label, /^L4 TP \d × \d+$/);
    assert.ok(chosen.curve.length > 2 && chosen.operatingPoint);
    const apply = r.apply[r.chosen];
    assert.equal(apply.refused, undefined, apply.refused);
    // Ranges are line/character in the document: the max_replicas value is on line 15 (0-based 14).
    const lines = text.split('\n');
    const maxLine = lines.findIndex((l) => l.includes('max_replicas: 4'));
    const e = apply.edits.find((x) => x.range.start.line === maxLine);
    assert.ok(e, JSON.stringify(apply.edits));
    assert.equal(lines[maxLine].slice(e.range.start.character, e.range.end.character), '4');
    assert.equal(e.newText, String(chosen.numbers.replicas));
    assert.ok(apply.changes.includes(`autoscaling_config.max_replicas: 4 → ${chosen.numbers.replicas}`), apply.changes.join('\n'));
  });

  test('an unreadable SLO and an unknown GPU come back as messages, and the server keeps answering', async () => {
    const bad = await plan({ peakRps: 5, slo: 'p95 under a second' });
    assert.equal(bad.ok, false);
    assert.match(bad.errors[0], /^SLO: cannot read SLO term "p95 under a second"/);
    assert.deepEqual(bad.rows, []);
    const gpu = await plan({ peakRps: 5, slo: 'ttft:p95<1s', gpu: 'Z80' });
    assert.match(gpu.errors.join(), /GPU "Z80" is not in the catalog/);
    const ok = await plan({ peakRps: 2, slo: 'ttft:p95<1s', gpu: 'H100-SXM-80GB' });
    assert.ok(ok.ok);
    assert.ok(ok.rows.every((r) => r.numbers.gpu === 'H100-SXM-80GB'));
    // The file names L4: Apply keeps the accelerator and says so.
    assert.ok(ok.apply[ok.chosen].manual.some((m) => m.includes('the plan is for H100-SXM-80GB; this file names L4')));
  });
});
