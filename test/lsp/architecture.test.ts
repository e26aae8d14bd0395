/**
 * `servescope/architecture` through the bundled server over stdio: the advisor panel's
 * deterministic part for an open file, planned at the settings' traffic and SLO, with the
 * plan view's diagram and the files the CLI writes; and, for a document stating no
 * traffic, what to add.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { LspClient, ROOT, SERVER } from './harness';
import { ARCHITECTURE, PLAN_DOCUMENT, type ArchitectureParams, type ArchitectureResult, type PlanDocumentResult } from '../../server/src/protocol/editor';

const EXAMPLE = path.join(ROOT, 'examples', 'rayserve', 'llm_app.yaml');
const uri = pathToFileURL(EXAMPLE).toString();

describe('servescope/architecture over stdio', { timeout: 120_000 }, () => {
  let c: LspClient;

  before(async () => {
    assert.ok(fs.existsSync(SERVER), 'dist/server.js must be built (node esbuild.mjs)');
    c = new LspClient();
    c.settings = { traffic: { peakRps: 12, avgRps: 4 }, slo: 'ttft:p95<1s;tpot:p95<80ms' };
    await c.initialize(pathToFileURL(path.join(ROOT, 'examples')).toString());
    c.open(uri, fs.readFileSync(EXAMPLE, 'utf8'));
    await c.diagnostics(uri, 1);
  });
  after(() => c.stop());

  test('the plan view\'s recommendation and diagram, and the Ray Serve autoscaling and alert rules to save', async () => {
    const r = await c.request<ArchitectureResult>(ARCHITECTURE, { uri } satisfies ArchitectureParams);
    assert.ok(r.ok, r.summary.join('\n'));
    assert.equal(r.version, 1);
    assert.match(r.summary[0], /^Planned for 12 req\/s at peak \(4 on average\), SLO ttft:p95<1000ms;tpot:p95<80ms, .*servescope\.traffic/);
    const plan = await c.request<PlanDocumentResult>(PLAN_DOCUMENT, { uri });
    assert.equal(r.diagram, plan.rows[plan.chosen].diagram);
    assert.ok(r.summary[1].startsWith(`Recommended: ${plan.rows[plan.chosen].label}`), r.summary[1]);
    assert.deepEqual(r.artifacts.map((x) => x.fileName), ['llm_app.ray-autoscaling.yaml', 'llm_app.rules.yaml', 'llm_app.dashboard.json']);
    for (const x of r.artifacts.filter((y) => y.language === 'yaml')) for (const d of parseAllDocuments(x.text)) assert.deepEqual(d.errors, [], x.fileName);
    assert.ok(JSON.parse(r.artifacts[2].text).panels.length > 0);
    assert.match(r.artifacts[0].text, /target_ongoing_requests: \d+/);
    // The recommendation's checked edit is the plan view's Apply for the same row, in editor ranges.
    const row = plan.rows[plan.chosen];
    assert.equal(r.proposal?.label, row.label);
    assert.deepEqual({ edits: r.proposal?.edits, changes: r.proposal?.changes, manual: r.proposal?.manual }, { edits: plan.apply[plan.chosen].edits, changes: plan.apply[plan.chosen].changes, manual: plan.apply[plan.chosen].manual });
  });

  test('an untitled vLLM document with no traffic or SLO in it or the settings is told what to add', async () => {
    // A server of its own: settings are pulled once per document.
    const bare = new LspClient();
    await bare.initialize(pathToFileURL(path.join(ROOT, 'examples')).toString());
    const u = 'untitled:Untitled-1';
    bare.open(u, 'model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 8192\n', 'yaml');
    await bare.diagnostics(u, 1);
    const r = await bare.request<ArchitectureResult>(ARCHITECTURE, { uri: u });
    await bare.stop();
    assert.equal(r.ok, false);
    assert.deepEqual(r.artifacts, []);
    assert.match(r.missing?.example ?? '', /^# servescope: rps=\d+ slo="/);
  });
});
