/**
 * Manifests through the bundled server over stdio: a finding inside a RayService's
 * serveConfigV2 block scalar is published at its line and column in the manifest, its
 * quick-fix edits the manifest there, hover inside the block describes the Ray Serve
 * key, and an autoscaler on a retired vLLM metric gets today's name as a fix.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Hover } from 'vscode-languageserver-protocol';
import { LspClient, posOf, ROOT, SERVER } from './harness';

const EXAMPLE = path.join(ROOT, 'examples', 'k8s', 'rayservice-llm.yaml');

describe('Kubernetes manifests over stdio', { timeout: 120_000 }, () => {
  let c: LspClient;
  before(async () => {
    assert.ok(fs.existsSync(SERVER), 'dist/server.js must be built (npm run build)');
    c = new LspClient();
    await c.initialize(pathToFileURL(path.join(ROOT, 'examples')).toString());
  });
  after(async () => {
    await c.stop();
  });

  test('a typo inside serveConfigV2: error on the manifest line, fix edits the manifest there', async () => {
    const uri = pathToFileURL(EXAMPLE).toString();
    const text = fs.readFileSync(EXAMPLE, 'utf8');
    c.open(uri, text, 'yaml', 1);
    const p = await c.diagnostics(uri, 1);
    const d = p.diagnostics.find((x) => x.code === 'schema/unknown-key');
    assert.ok(d, JSON.stringify(p.diagnostics));
    const at = posOf(text, 'max_num_seq:');
    assert.deepEqual(d.range, { start: at, end: { line: at.line, character: at.character + 'max_num_seq'.length } });
    assert.equal(d.severity, 1);
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const fix = actions.find((a) => a.title === 'Change to "max_num_seqs"');
    assert.ok(fix, JSON.stringify(actions));
    assert.deepEqual(fix.edit!.changes![uri], [{ range: d.range, newText: 'max_num_seqs' }]);

    const hover = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: posOf(text, 'target_ongoing_requests', 3) });
    assert.ok(hover, 'no hover inside serveConfigV2');
    const md = typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : JSON.stringify(hover.contents);
    assert.match(md, /target_ongoing_requests/);
    c.close(uri);
  });

  test('a KEDA trigger on vllm:gpu_cache_usage_perc: warning on the name, fix writes vllm:kv_cache_usage_perc', async () => {
    const uri = 'file:///ws/keda.yaml';
    const text = "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: v\nspec:\n  triggers:\n    - type: prometheus\n      metadata:\n        query: max(vllm:gpu_cache_usage_perc)\n        threshold: '0.8'\n";
    c.open(uri, text, 'yaml', 1);
    const p = await c.diagnostics(uri, 1);
    const d = p.diagnostics.find((x) => x.code === 'k8s/autoscaler-metric-retired');
    assert.ok(d, JSON.stringify(p.diagnostics));
    assert.equal(d.severity, 2);
    const at = posOf(text, 'vllm:gpu_cache_usage_perc');
    assert.deepEqual(d.range, { start: at, end: { line: at.line, character: at.character + 'vllm:gpu_cache_usage_perc'.length } });
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const fix = actions.find((a) => /kv_cache_usage_perc/.test(a.title));
    assert.ok(fix, JSON.stringify(actions));
    assert.deepEqual(fix.edit!.changes![uri], [{ range: d.range, newText: 'vllm:kv_cache_usage_perc' }]);
    c.close(uri);
  });
});
