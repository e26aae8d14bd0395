/**
 * Manifests through the bundled server over stdio: a finding inside a RayService's
 * serveConfigV2 block scalar is published at its line and column in the manifest, its
 * quick-fix edits the manifest there, hover inside the block describes the Ray Serve
 * key, an autoscaler on a retired vLLM metric gets today's name as a fix, a Deployment's
 * replica count judged by the traffic comment is flagged and rewritten at spec.replicas,
 * and a tritonserver argument its parser rejects is flagged on its list item.
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

  test('the traffic comment judges spec.replicas: warning on the number, fix rewrites it', async () => {
    const uri = pathToFileURL(path.join(ROOT, 'test', 'fixtures', 'k8s', 'replicas-sla-bad.yaml')).toString();
    const text = fs.readFileSync(new URL(uri), 'utf8');
    c.open(uri, text, 'yaml', 1);
    const p = await c.diagnostics(uri, 1);
    const d = p.diagnostics.find((x) => x.code === 'capacity/replicas-below-peak');
    assert.ok(d, JSON.stringify(p.diagnostics));
    const at = posOf(text, 'replicas: 2', 'replicas: '.length);
    assert.deepEqual(d.range, { start: at, end: { line: at.line, character: at.character + 1 } });
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const fix = actions.find((a) => /^Set spec\.replicas to \d+/.test(a.title));
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    const n = /to (\d+)/.exec(fix.title)![1];
    assert.deepEqual(fix.edit!.changes![uri], [{ range: d.range, newText: n }]);
    c.close(uri);
  });

  test('a tritonserver argument its parser rejects: error on the list item', async () => {
    const uri = 'file:///ws/triton.yaml';
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: t\nspec:\n  template:\n    spec:\n      containers:\n        - name: t\n          command: ["tritonserver"]\n          args: ["--model-repository=/m", "--model-control-mode=explict"]\n';
    c.open(uri, text, 'yaml', 1);
    const p = await c.diagnostics(uri, 1);
    const d = p.diagnostics.find((x) => x.code === 'k8s/triton-arg-invalid');
    assert.ok(d, JSON.stringify(p.diagnostics));
    assert.equal(d.severity, 1);
    const at = posOf(text, 'explict');
    assert.deepEqual(d.range, { start: at, end: { line: at.line, character: at.character + 'explict'.length } });
    c.close(uri);
  });
});
