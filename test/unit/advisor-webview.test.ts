/**
 * The Advisor webview in headless Chromium: the bundled script under the same
 * HTML and Content Security Policy the extension serves, with a stub of the
 * VS Code webview API that records what the page posts. Checks sanitising,
 * streaming, keyboard use and the proposal buttons. Skipped when no Chromium
 * is installed.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { advisorHtml } from '../../client/src/advisor/html';
import type { DisplayItem, ExtensionToWebview, ProposalView } from '../../client/src/advisor/protocol';
import { CHROMIUM, ORIGIN, sent, useWebview } from './webview-harness';
import { slow } from './slow';
import { analyze } from '../../server/src/core/analyze';
import { architectureResult } from '../../server/src/lsp/architectureRequest';

describe('advisor webview', { skip: slow || (CHROMIUM ? false : 'no Chromium installed') }, () => {
  const open = useWebview('advisor', advisorHtml({ nonce: 'dGVzdG5vbmNl', cspSource: ORIGIN, scriptUri: `${ORIGIN}/advisor.js`, styleUri: `${ORIGIN}/advisor.css` }));
  const post = (page: Page, msg: ExtensionToWebview) => page.evaluate((m) => window.postMessage(m, '*'), msg);
  const state = (items: DisplayItem[], busy = false): ExtensionToWebview => ({ type: 'state', items, busy, hasKey: true, model: 'm' });

  test('model markdown is rendered and sanitised: no script, images, event handlers or javascript: links', async () => {
    const page = await open();
    const text = [
      '## Plan',
      '<script>window.__pwned = 1</script>',
      '<img src="https://evil.example/x.png" onerror="window.__pwned = 2">',
      '[click](javascript:window.__pwned=3) and [docs](https://docs.vllm.ai)',
      '',
      '| replicas | GPU |',
      '|---|---|',
      '| 3 | H100 |',
      '',
      '```',
      'clients ──▶ LB ──▶ replica ×3',
      '```',
    ].join('\n');
    await post(page, state([{ kind: 'user', text: 'q' }, { kind: 'assistant', text, status: 'done' }]));
    const body = page.locator('.msg.assistant .body');
    await body.locator('h2').waitFor();
    assert.equal(await page.locator('#transcript script, #transcript img').count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await body.locator('a[href^="javascript"]').count(), 0);
    assert.equal(await body.locator('a[href="https://docs.vllm.ai"]').count(), 1);
    assert.equal(await body.locator('table td').first().textContent(), '3');
    assert.equal(await body.locator('pre code').textContent(), 'clients ──▶ LB ──▶ replica ×3\n');
    // Raw HTML from the model shows as text, not markup.
    assert.match((await body.textContent()) ?? '', /<script>window.__pwned = 1<\/script>/);
    assert.deepEqual((page as Page & { errors?: string[] }).errors, []);
    await page.close();
  });

  test('streamed deltas build up the answer in order', async () => {
    const page = await open();
    await post(page, state([{ kind: 'user', text: 'q' }], true));
    for (const d of ['Use ', '**three**', ' replicas.']) await post(page, { type: 'delta', text: d });
    await page.locator('.msg.assistant strong').waitFor();
    assert.equal((await page.locator('.msg.assistant .body').textContent())?.trim(), 'Use three replicas.');
    await page.close();
  });

  test('keyboard only: Enter sends, Shift+Enter adds a line, Escape stops', async () => {
    const page = await open();
    await page.focus('#question');
    await page.keyboard.type('first line');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('second line');
    assert.equal(await page.inputValue('#question'), 'first line\nsecond line');
    await page.keyboard.press('Enter');
    assert.deepEqual((await sent(page)).filter((m) => m.type === 'send'), [{ type: 'send', text: 'first line\nsecond line' }]);
    assert.equal(await page.inputValue('#question'), '');

    await post(page, state([{ kind: 'user', text: 'q' }], true));
    await page.locator('#stop:not([hidden])').waitFor();
    assert.equal(await page.locator('#send').isDisabled(), true);
    await page.keyboard.press('Escape');
    assert.ok((await sent(page)).some((m) => m.type === 'stop'));
    await page.close();
  });

  test('a proposal shows its diff and estimate changes; Apply is a focusable button that posts only its id', async () => {
    const page = await open();
    const proposal: ProposalView = {
      id: 'abc-123',
      fileName: 'vllm.yaml',
      rationale: 'More KV cache.',
      hunks: [
        {
          header: '@@ -3,1 +3,1 @@',
          lines: [
            { op: '-', text: 'gpu-memory-utilization: 0.9', oldLine: 3 },
            { op: '+', text: 'gpu-memory-utilization: 0.95', newLine: 3 },
          ],
        },
      ],
      resolved: [],
      introduced: [],
      estimateChanges: [{ key: 'kv_cache_gib', before: '20.31', after: '22.31' }],
      state: 'pending',
    };
    await post(page, state([{ kind: 'proposal', proposal }]));
    await page.locator('.proposal .diff .add').waitFor();
    assert.match((await page.locator('.proposal .diff .del').textContent()) ?? '', /- gpu-memory-utilization: 0.9$/m);
    assert.deepEqual(await page.locator('table.estimates tr').nth(1).locator('td').allTextContents(), ['kv_cache_gib', '20.31', '22.31']);
    // Nothing is posted until the user acts.
    assert.ok(!(await sent(page)).some((m) => m.type === 'apply'));
    const apply = page.getByRole('button', { name: /Apply the proposed edit/ });
    await apply.focus();
    await page.keyboard.press('Enter');
    assert.deepEqual((await sent(page)).filter((m) => m.type === 'apply'), [{ type: 'apply', proposalId: 'abc-123' }]);
    assert.equal(await apply.isDisabled(), true, 'no double apply');
    await post(page, { type: 'proposalState', id: 'abc-123', state: 'applied' });
    await page.locator('.proposal.applied .state').waitFor();
    await page.close();
  });

  test('notices offer their action as a button', async () => {
    const page = await open();
    await post(page, state([{ kind: 'notice', level: 'error', text: 'The Anthropic API rejected the API key (401).', action: 'setApiKey', actionLabel: 'Set API key' }]));
    await page.getByRole('button', { name: 'Set API key' }).click();
    assert.ok((await sent(page)).some((m) => m.type === 'command' && (m as { command?: string }).command === 'setApiKey'));
    await page.close();
  });
});

describe('advisor webview: the architecture section', { skip: slow || (CHROMIUM ? false : 'no Chromium installed') }, () => {
  const open = useWebview('advisor', advisorHtml({ nonce: 'dGVzdG5vbmNl', cspSource: ORIGIN, scriptUri: `${ORIGIN}/advisor.js`, styleUri: `${ORIGIN}/advisor.css` }));
  const post = (page: Page, msg: ExtensionToWebview) => page.evaluate((m) => window.postMessage(m, '*'), msg);
  const TEXT = '# servescope: gpu=H100-SXM-80GB count=8 rps=10 slo="ttft:p95<800ms;tpot:p95<60ms"\nmodel: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 8192\n';
  const URI = 'file:///w/serve.yaml';
  const real = (text: string) => architectureResult(analyze({ uri: URI, text }), URI, 2);

  test('a real plan shows above the chat: summary, diagram in a <pre>, each file with Save, which posts only its index', async () => {
    const page = await open();
    const result = real(TEXT);
    assert.ok(result.ok, result.summary.join('\n'));
    await post(page, { type: 'architecture', view: { state: 'ready', fileName: 'serve.yaml', result, saved: {} } });
    const section = page.locator('#architecture');
    await section.locator('pre.diagram').waitFor();
    assert.equal(await section.locator('pre.diagram').textContent(), result.diagram);
    assert.deepEqual(await section.locator('p.summary').allTextContents(), result.summary);
    // Above the chat in the page order, and the chat's controls are still there.
    assert.ok(await page.evaluate(() => document.getElementById('architecture')!.compareDocumentPosition(document.getElementById('transcript')!) & Node.DOCUMENT_POSITION_FOLLOWING));
    assert.ok(await page.locator('#question').isVisible());
    const saves = page.getByRole('button', { name: /^Save .* to the workspace$/ });
    assert.equal(await saves.count(), result.artifacts.length);
    await page.getByRole('button', { name: 'Save serve.rules.yaml to the workspace' }).click();
    assert.deepEqual((await sent(page)).filter((m) => m.type === 'saveArtifact'), [{ type: 'saveArtifact', index: 1 }]);
    await post(page, { type: 'architecture', view: { state: 'ready', fileName: 'serve.yaml', result, saved: { 1: 'w/serve.rules.yaml' } } });
    await section.getByText('saved to w/serve.rules.yaml').waitFor();
    // The recommendation: its changes in words and one Apply, which posts no edit of its own.
    assert.ok(result.proposal && result.proposal.changes.length > 0, JSON.stringify(result.proposal));
    const rec = section.getByRole('region', { name: 'Recommended changes' });
    assert.equal(await rec.locator('h3').textContent(), `Recommended changes — ${result.proposal!.label}`);
    assert.deepEqual(await rec.locator('ul.changes li').allTextContents(), result.proposal!.changes);
    await rec.getByRole('button', { name: 'Apply to this file' }).click();
    assert.deepEqual((await sent(page)).filter((m) => m.type === 'applyArchitecture'), [{ type: 'applyArchitecture' }]);
    await post(page, { type: 'architecture', view: { state: 'ready', fileName: 'serve.yaml', result: { ...result, proposal: { ...result.proposal!, edits: [], changes: [] } }, saved: {}, applied: { ok: true, message: 'Applied it.' } } });
    await rec.getByText('The file already runs this plan.').waitFor();
    assert.equal(await rec.getByRole('status').textContent(), 'Applied it.');
    assert.equal(await rec.getByRole('button', { name: 'Apply to this file' }).isDisabled(), true);
    // The file's text is shown as text.
    await section.locator('details.artifact summary').nth(0).click();
    assert.equal(await section.locator('pre.artifact-text').nth(0).textContent(), result.artifacts[0].text);
    assert.deepEqual((page as Page & { errors?: string[] }).errors, []);
    await page.close();
  });

  test('in a sidebar-narrow view the diagram shrinks to the width instead of scrolling', async () => {
    const page = await open();
    await page.setViewportSize({ width: 400, height: 800 });
    const result = real(TEXT);
    await post(page, { type: 'architecture', view: { state: 'ready', fileName: 'serve.yaml', result, saved: {} } });
    const pre = page.locator('#architecture pre.diagram');
    await pre.waitFor();
    await page.waitForFunction(() => {
      const p = document.querySelector<HTMLElement>('#architecture pre.diagram')!;
      return p.style.fontSize !== '' && p.scrollWidth <= p.clientWidth + 1;
    });
    const px = await pre.evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
    assert.ok(px >= 10 && px < 14.4, `font ${px}px`);
    await page.setViewportSize({ width: 1200, height: 800 });
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#architecture pre.diagram')!.style.fontSize === '');
    assert.deepEqual((page as Page & { errors?: string[] }).errors, []);
    await page.close();
  });

  test('without traffic or SLO it says what to add and offers the plan view', async () => {
    const page = await open();
    const result = real('model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 8192\n');
    await post(page, { type: 'architecture', view: { state: 'ready', fileName: 'serve.yaml', result, saved: {} } });
    await page.locator('#architecture pre.example').waitFor();
    assert.equal(await page.locator('#architecture pre.example').textContent(), result.missing!.example);
    assert.equal(await page.locator('#architecture pre.diagram').count(), 0);
    await page.getByRole('button', { name: 'Open plan view' }).click();
    assert.ok((await sent(page)).some((m) => m.type === 'command' && (m as { command?: string }).command === 'planCapacity'));
    await post(page, { type: 'architecture', view: { state: 'none' } });
    await page.locator('#architecture').waitFor({ state: 'hidden' });
    await page.close();
  });
});
