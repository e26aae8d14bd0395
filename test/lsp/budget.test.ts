/**
 * The hard time budget through the real server over stdio: analysis runs in a worker
 * thread, a version that is still being analysed at twice servescope.limits.timeBudgetMs
 * is stopped (the worker replaced) and reported as servescope/limit, hover answers from
 * the last version that finished, and other documents and later edits are analysed as usual.
 *
 * The slow input is the one the fuzzer found (test/fixtures/fuzz/slow-unknown-keys: a
 * vLLM config of thousands of unknown keys, each looked up for a "did you mean"), grown
 * to 85,000 keys so that it takes seconds, far past the 500 ms hard budget set here, on
 * any machine; the schema validation it spends them in has no cooperative deadline.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Hover } from 'vscode-languageserver-protocol';
import { LspClient, posOf, SERVER } from './harness';

const GOOD = 'model: facebook/opt-125m\nmax_num_seqs: 8\ntensor-paralel-size: 1\n';
const SLOW = '# servescope: vllm\nmodel: facebook/opt-125m\nmax_num_seqs: 8\n' + Array.from({ length: 85_000 }, (_, i) => `k${i}: 1\n`).join('');

describe('hard analysis budget (worker thread)', { timeout: 120_000 }, () => {
  let c: LspClient;

  before(async () => {
    assert.ok(fs.existsSync(SERVER), 'dist/server.js must be built (npm run build)');
    c = new LspClient();
    c.settings = { limits: { timeBudgetMs: 250 } };
    await c.initialize(null);
  });
  after(async () => {
    await c.stop();
  });

  test('a version past the budget gets one servescope/limit naming it; hover answers from the last good version; the next edit is analysed', async () => {
    const uri = 'file:///ws/vllm.yaml';
    c.open(uri, GOOD, 'yaml', 1);
    const first = await c.diagnostics(uri, 1);
    assert.deepEqual(
      first.diagnostics.map((d) => d.code),
      ['schema/unknown-key'],
    );

    assert.ok(SLOW.length < 1024 * 1024, 'under maxFileBytes, so it is analysed');
    const t0 = Date.now();
    c.change(uri, 2, [{ text: SLOW }]);
    const slow = await c.diagnostics(uri, 2);
    const waited = Date.now() - t0;
    assert.equal(slow.diagnostics.length, 1, JSON.stringify(slow.diagnostics));
    const d = slow.diagnostics[0];
    assert.equal(d.code, 'servescope/limit');
    assert.equal(d.severity, 2);
    assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.match(d.message as string, /stopped analysing this version after 500 ms \(twice servescope\.limits\.timeBudgetMs\)/);
    assert.match(d.message as string, /Hover and completion answer from the last version that finished/);
    assert.ok(waited < 15_000, `published after ${waited} ms`);

    // The document's text is now the slow one; hover reads the last version that finished (GOOD), where line 1 is max_num_seqs.
    const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: posOf(GOOD, 'max_num_seqs', 2) });
    assert.ok(h, 'hover answers');
    assert.match(JSON.stringify(h.contents), /max_num_seqs/);
    assert.deepEqual(h.range?.start, { line: 1, character: 0 });

    // Another document is analysed by the replacement worker.
    const other = 'file:///ws/other/vllm.yaml';
    c.open(other, 'model: facebook/opt-125m\nmax-model-len: -5\n', 'yaml', 1);
    const o = await c.diagnostics(other, 1);
    assert.ok(o.diagnostics.some((x) => x.code !== 'servescope/limit' && x.severity === 1), JSON.stringify(o.diagnostics));

    // The next edit of the slow document is analysed again, and finishes.
    const third = GOOD.replace('max_num_seqs: 8', 'max_num_seqs: 16');
    c.change(uri, 3, [{ text: third }]);
    const back = await c.diagnostics(uri, 3);
    assert.deepEqual(
      back.diagnostics.map((x) => x.code),
      ['schema/unknown-key'],
    );
  });

  test('a hover sent together with the slow edit answers from the last good version, and the slow version still gets its limit', async () => {
    const uri = 'file:///ws/hover-first/vllm.yaml';
    c.open(uri, GOOD, 'yaml', 1);
    await c.diagnostics(uri, 1);
    // The hover may reach the worker before the edit's analysis does, and then it is the job that runs past the budget.
    c.change(uri, 2, [{ text: SLOW }]);
    const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: posOf(GOOD, 'max_num_seqs', 2) });
    const slow = await c.diagnostics(uri, 2);
    assert.deepEqual(
      slow.diagnostics.map((d) => d.code),
      ['servescope/limit'],
    );
    assert.ok(h, 'hover answers');
    assert.deepEqual(h.range?.start, { line: 1, character: 0 });
    assert.match(JSON.stringify(h.contents), /max_num_seqs/);
  });
});
