/**
 * The plan view's messages: what the extension accepts from the webview, what the
 * session does with each message (plan, apply, refused, stale, failed server), and
 * the webview itself in headless Chromium with a real plan: the charts, the table,
 * the messages for bad input and the Apply button.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planHtml } from '../../client/src/planView/html';
import { parsePlanMessage, type PlanExtensionToWebview } from '../../client/src/planView/messages';
import { PlanSession, type PlanPort } from '../../client/src/planView/session';
import { analyze } from '../../server/src/core/analyze';
import { planForDocument, type PlanInputs } from '../../server/src/core/planner/planView';
import type { PlanApply, PlanDocumentResult } from '../../server/src/protocol/editor';
import { CHROMIUM, ORIGIN, sent, useWebview } from './webview-harness';

const TEXT = '# servescope: gpu=H100-SXM-80GB count=8\nmodel: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 8192\nmax-num-seqs: 128\n';
const SLO = 'ttft:p95<800ms;tpot:p95<60ms';
const EDIT: PlanApply = { edits: [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, newText: 'tensor-parallel-size: 1\n' }], changes: ['tensor-parallel-size: 1 (added)'], manual: ['run 3 replicas of this server (3 GPUs) behind a load balancer: a vLLM config has no replica count'] };

/** A result as the server sends it: the core's view of the document, each row with `apply`. */
function resultFor(inputs: PlanInputs, apply: (row: number) => PlanApply = () => EDIT): PlanDocumentResult {
  const a = analyze({ uri: 'file:///w/serve.yaml', text: TEXT });
  const { view } = planForDocument(a, inputs, { requests: 150, curvePoints: 6 });
  return { ...view, uri: 'file:///w/serve.yaml', version: 3, apply: view.rows.map((_, i) => apply(i)) };
}

test('the extension accepts only well-formed messages from the webview', () => {
  assert.deepEqual(parsePlanMessage({ type: 'plan', inputs: { peakRps: 20, avgRps: '', slo: ' ttft:p95<1s ', gpu: '', preset: 'chat' } }), { type: 'plan', inputs: { peakRps: 20, slo: 'ttft:p95<1s', preset: 'chat' } });
  // Negative numbers pass: the planner answers them with a message the view shows.
  assert.deepEqual(parsePlanMessage({ type: 'plan', inputs: { peakRps: -1 } }), { type: 'plan', inputs: { peakRps: -1 } });
  assert.equal(parsePlanMessage({ type: 'plan', inputs: { peakRps: Number.NaN } }), undefined);
  assert.equal(parsePlanMessage({ type: 'plan', inputs: { peakRps: '20' } }), undefined);
  assert.equal(parsePlanMessage({ type: 'plan', inputs: { slo: 'x'.repeat(501) } }), undefined);
  assert.deepEqual(parsePlanMessage({ type: 'apply', row: 2 }), { type: 'apply', row: 2 });
  assert.equal(parsePlanMessage({ type: 'apply', row: -1 }), undefined);
  assert.equal(parsePlanMessage({ type: 'run', command: 'rm' }), undefined);
  assert.equal(parsePlanMessage(null), undefined);
});

function fakePort(plan: PlanPort['plan'], applied: 'applied' | 'stale' | 'failed' = 'applied') {
  const posted: PlanExtensionToWebview[] = [];
  const edits: { uri: string; version: number; edits: PlanApply['edits'] }[] = [];
  const port: PlanPort = {
    plan,
    applyEdits: async (uri, version, e) => {
      edits.push({ uri, version, edits: e });
      return applied;
    },
    post: (m) => posted.push(m),
  };
  return { port, posted, edits };
}

test('session: ready plans with the prefilled inputs, a new plan keeps only the newest answer, Apply sends the row\'s edits', async () => {
  const asked: PlanInputs[] = [];
  const result = resultFor({ peakRps: 20, slo: SLO });
  const { port, posted, edits } = fakePort(async (_uri, inputs) => {
    asked.push(inputs);
    return result;
  });
  const s = new PlanSession(port, 'file:///w/serve.yaml', 'serve.yaml');
  await s.handleMessage({ type: 'ready' });
  assert.deepEqual(asked, [{}]);
  assert.deepEqual(posted.map((m) => m.type), ['busy', 'result']);
  await s.handleMessage({ type: 'plan', inputs: { peakRps: 20, slo: SLO } });
  assert.deepEqual(asked[1], { peakRps: 20, slo: SLO });
  await s.handleMessage({ type: 'apply', row: 0 });
  assert.deepEqual(edits, [{ uri: 'file:///w/serve.yaml', version: 3, edits: EDIT.edits }]);
  const applied = posted.find((m) => m.type === 'applied');
  assert.deepEqual(applied, { type: 'applied', row: 0, ok: true, message: 'Applied to serve.yaml: tensor-parallel-size: 1 (added). By hand: run 3 replicas of this server (3 GPUs) behind a load balancer: a vLLM config has no replica count.' });
  // After Apply the file changed: the view plans again.
  assert.equal(posted[posted.length - 1].type, 'result');
});

test('session: a refused edit, a stale document and a failing server are said, and nothing is applied', async () => {
  const refused = resultFor({ peakRps: 20, slo: SLO }, () => ({ edits: [], changes: ['tensor-parallel-size: 4 (added)'], manual: [], refused: 'applying this plan would add an error: vllm/world-size-exceeds-node-gpus (line 6): World size (4) …' }));
  const r1 = fakePort(async () => refused);
  const s1 = new PlanSession(r1.port, 'file:///w/serve.yaml', 'serve.yaml');
  await s1.handleMessage({ type: 'ready' });
  await s1.handleMessage({ type: 'apply', row: 0 });
  assert.deepEqual(r1.edits, []);
  assert.match((r1.posted.find((m) => m.type === 'applied') as { message: string }).message, /^Not applied: applying this plan would add an error: vllm\/world-size-exceeds-node-gpus/);

  const r2 = fakePort(async () => resultFor({ peakRps: 20, slo: SLO }), 'stale');
  const s2 = new PlanSession(r2.port, 'file:///w/serve.yaml', 'serve.yaml');
  await s2.handleMessage({ type: 'ready' });
  await s2.handleMessage({ type: 'apply', row: 0 });
  assert.match((r2.posted.find((m) => m.type === 'applied') as { message: string }).message, /the file changed since this plan was made/);

  const r3 = fakePort(async () => {
    throw new Error('Request servescope/planDocument failed: ServeScope has no open document file:///w/serve.yaml');
  });
  const s3 = new PlanSession(r3.port, 'file:///w/serve.yaml', 'serve.yaml');
  await s3.handleMessage({ type: 'ready' });
  assert.deepEqual(r3.posted[1], { type: 'error', fileName: 'serve.yaml', message: 'ServeScope could not plan serve.yaml: Request servescope/planDocument failed: ServeScope has no open document file:///w/serve.yaml' });
  await s3.handleMessage({ type: 'apply', row: 0 });
  assert.match((r3.posted.find((m) => m.type === 'applied') as { message: string }).message, /^Plan first/);
});

test('session: when two plans overlap, the older answer is dropped', async () => {
  const answers: ((r: PlanDocumentResult) => void)[] = [];
  const { port, posted } = fakePort(() => new Promise((resolve) => answers.push(resolve)));
  const s = new PlanSession(port, 'file:///w/serve.yaml', 'serve.yaml');
  const first = s.handleMessage({ type: 'plan', inputs: { peakRps: 1 } });
  const second = s.handleMessage({ type: 'plan', inputs: { peakRps: 2 } });
  const old = resultFor({ peakRps: 1, slo: SLO });
  const fresh = { ...old, version: 9 };
  answers[1](fresh);
  answers[0](old);
  await Promise.all([first, second]);
  const results = posted.filter((m) => m.type === 'result') as { result: PlanDocumentResult }[];
  assert.deepEqual(results.map((r) => r.result.version), [9]);
  assert.equal(s.result?.version, 9);
});

describe('plan webview in Chromium', { skip: CHROMIUM ? false : 'no Chromium installed' }, () => {
  const open = useWebview('plan', planHtml({ nonce: 'dGVzdG5vbmNl', cspSource: ORIGIN, scriptUri: `${ORIGIN}/plan.js`, styleUri: `${ORIGIN}/plan.css` }));
  const post = (page: Awaited<ReturnType<typeof open>>, m: PlanExtensionToWebview) => page.evaluate((x) => window.postMessage(x, '*'), m);

  test('shows the inputs, one curve per candidate in each chart with the SLO line and operating points, and the ranked table', async () => {
    const page = await open();
    const r = resultFor({ peakRps: 20, slo: SLO });
    await post(page, { type: 'result', fileName: 'serve.yaml', result: r });
    await page.locator('table.plans tbody tr').first().waitFor();
    assert.equal(await page.inputValue('#peakRps'), '20');
    assert.equal(await page.inputValue('#slo'), SLO);
    assert.equal(await page.inputValue('#gpu'), 'H100-SXM-80GB');
    assert.equal(await page.locator('svg.chart').count(), 2);
    assert.equal(await page.locator('svg.chart').first().locator('polyline.series').count(), r.rows.filter((x) => x.curve.length).length);
    assert.equal(await page.locator('svg.chart line.slo').count(), 2);
    assert.equal(await page.locator('svg.chart').first().locator('text.slo-label').textContent(), 'SLO 800 ms');
    assert.equal(await page.locator('svg.chart').first().locator('circle.op').count(), r.rows.filter((x) => x.operatingPoint).length);
    const headers = await page.locator('table.plans th').allTextContents();
    assert.deepEqual(headers.slice(1), ['GPU', 'TP', 'Replicas', 'GPUs', 'Max req/s per replica', 'p95 TTFT ms', 'p95 TPOT ms', '$/h', '$/1M tok', 'Meets SLO']);
    const first = await page.locator('table.plans tbody tr').first().locator('td').allTextContents();
    const c = r.rows[r.chosen].numbers;
    assert.deepEqual(first.slice(1, 5), [c.gpu, String(c.tensor_parallel_size), String(c.replicas), String(c.total_gpus)]);
    assert.equal(first[8], c.usd_per_hour!.toFixed(2));
    assert.equal(await page.locator('table.plans tbody tr').first().locator('.star').getAttribute('title'), 'recommended');
    assert.match((await page.locator('#summary').textContent())!, new RegExp(`^Recommended: ${r.rows[r.chosen].label}`));
    assert.deepEqual(await page.locator('#applyInfo li').allTextContents(), [...EDIT.changes, ...EDIT.manual]);
    // The selected plan's topology, as `servescope plan --diagram` draws it.
    assert.equal(await page.locator('#topology').textContent(), r.rows[r.chosen].diagram);
    await page.click('#apply');
    assert.deepEqual((await sent(page)).filter((m) => m.type === 'apply'), [{ type: 'apply', row: 0 }]);
    // Choosing another row moves the selection; Apply then sends that row.
    await page.locator('table.plans tbody tr').nth(1).click();
    await page.click('#apply');
    assert.deepEqual((await sent(page)).filter((m) => m.type === 'apply').pop(), { type: 'apply', row: 1 });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('the form posts what the user typed; a bad SLO or an impossible one is a message, not a crash', async () => {
    const page = await open();
    await page.fill('#peakRps', '12.5');
    await page.fill('#slo', 'ttft<800');
    await page.click('#planButton');
    const plan = (await sent<{ type: string; inputs?: Record<string, unknown> }>(page)).find((m) => m.type === 'plan');
    assert.deepEqual(plan?.inputs, { peakRps: 12.5, slo: 'ttft<800', gpu: '', preset: '' });
    await post(page, { type: 'result', fileName: 'serve.yaml', result: resultFor({ peakRps: 12.5, slo: 'ttft<800' }) });
    await page.locator('#messages p.error').waitFor();
    assert.match((await page.locator('#messages').textContent())!, /^SLO: cannot read SLO term "ttft<800"/);
    assert.equal(await page.locator('table.plans').count(), 0);
    assert.equal(await page.isDisabled('#apply'), true);
    await post(page, { type: 'result', fileName: 'serve.yaml', result: resultFor({ peakRps: 5, slo: 'ttft:p95<1ms' }) });
    await page.locator('#messages p.warning').waitFor();
    assert.match((await page.locator('#messages').textContent())!, /^SLO not reachable: no candidate meets ttft:p95<1ms/);
    assert.match((await page.locator('#summary').textContent())!, /^Closest: /);
    await post(page, { type: 'applied', row: 0, ok: false, message: 'Not applied: the file changed since this plan was made. Planning again…' });
    assert.equal(await page.locator('#applied.error').textContent(), 'Not applied: the file changed since this plan was made. Planning again…');
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
