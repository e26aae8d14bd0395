/**
 * The bundled language server over stdio: diagnostics with codes, severities, ranges
 * and versions; hover with the capacity numbers; completion; quick-fixes; outline;
 * isolation of bad documents; the custom status request.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CompletionItem, CompletionList, DocumentSymbol, Hover, InitializeResult } from 'vscode-languageserver-protocol';
import { LspClient, posOf, ROOT, SERVER, type Published } from './harness';
import { analyze } from '../../server/src/core/analyze';
import { DISK_HOST } from '../../server/src/diskHost';

const EXAMPLES = path.join(ROOT, 'examples');
const uriOf = (p: string) => pathToFileURL(p).toString();

/** The first diagnostics published for `uri` after the first `before` publications, within 20 s. */
async function publishedAfter(c: LspClient, before: number, uri: string): Promise<Published | undefined> {
  const deadline = Date.now() + 20000;
  for (;;) {
    const again = c.published.slice(before).find((p) => p.uri === uri);
    if (again || Date.now() >= deadline) return again;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('language server over stdio', { timeout: 120_000 }, () => {
  let c: LspClient;
  let init: InitializeResult;

  before(async () => {
    assert.ok(fs.existsSync(SERVER), 'dist/server.js must be built (npm run build)');
    c = new LspClient();
    init = await c.initialize(uriOf(EXAMPLES));
  });
  after(async () => {
    await c.stop();
  });

  test('advertises the features it implements', () => {
    const caps = init.capabilities;
    assert.equal(caps.hoverProvider, true);
    assert.ok(caps.completionProvider);
    assert.ok(caps.codeActionProvider);
    assert.equal(caps.documentSymbolProvider, true);
  });

  test('unknown vLLM key: error on the key, with code, doc link and version', async () => {
    const uri = 'file:///ws/vllm-typo.yaml';
    const text = 'model: meta-llama/Llama-3.1-8B-Instruct\ntensor-paralel-size: 2\nmax-model-len: 8192\n';
    c.open(uri, text, 'yaml', 1);
    const p = await c.diagnostics(uri, 1);
    const d = p.diagnostics.find((x) => x.code === 'schema/unknown-key');
    assert.ok(d, JSON.stringify(p.diagnostics));
    assert.equal(d.severity, 1);
    assert.equal(d.source, 'servescope');
    assert.deepEqual(d.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 19 } });
    assert.match(String(d.message), /Did you mean "tensor-parallel-size"\?/);
    assert.match(String(d.codeDescription!.href), /docs\/rules\/schema\/unknown-key\.md$/);

    // The quick-fix renames the key and nothing else.
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    });
    const fix = actions.find((a) => a.title === 'Change to "tensor-parallel-size"');
    assert.ok(fix, JSON.stringify(actions));
    assert.deepEqual(fix.edit!.changes![uri], [{ range: d.range, newText: 'tensor-parallel-size' }]);

    // An incremental edit that fixes the typo clears the finding for version 2.
    c.change(uri, 2, [{ range: { start: { line: 1, character: 12 }, end: { line: 1, character: 12 } }, text: 'l' }]);
    const p2 = await c.diagnostics(uri, 2);
    assert.deepEqual(p2.diagnostics.filter((x) => x.code === 'schema/unknown-key'), []);
    c.close(uri);
  });

  test('wrong type and out-of-range values are flagged on the value', async () => {
    const uri = 'file:///ws/vllm-range.yaml';
    const text = 'model: facebook/opt-125m\ngpu-memory-utilization: 1.5\nmax-num-seqs: lots\n';
    c.open(uri, text);
    const p = await c.diagnostics(uri, 1);
    const range = p.diagnostics.find((x) => x.code === 'schema/out-of-range');
    assert.ok(range);
    assert.deepEqual(range.range, { start: { line: 1, character: 24 }, end: { line: 1, character: 27 } });
    assert.match(String(range.message), /must be ≤ 1, but is 1\.5/);
    const type = p.diagnostics.find((x) => x.code === 'schema/wrong-type');
    assert.ok(type);
    assert.deepEqual(type.range.start, { line: 2, character: 14 });
    c.close(uri);
  });

  test('broken YAML gets syntax errors only, not schema noise', async () => {
    const uri = 'file:///ws/bentofile.yaml';
    c.open(uri, 'service: "svc:Svc"\ninclude:\n  - "*.py"\n docker: [\n');
    const p = await c.diagnostics(uri, 1);
    assert.ok(p.diagnostics.length > 0);
    assert.ok(p.diagnostics.every((d) => String(d.code).startsWith('yaml/')), JSON.stringify(p.diagnostics.map((d) => d.code)));
    c.close(uri);
  });

  test('pbtxt: syntax error on the right line, later fields still analysed', async () => {
    const uri = 'file:///ws/models/m/config.pbtxt';
    const text = 'name: "m"\nmax_batch_size: -1\ninput { name: "x" data_type: TYPE_FP32 dims: [ 1 ] \n';
    c.open(uri, text, 'pbtxt');
    const p = await c.diagnostics(uri, 1);
    const syntax = p.diagnostics.filter((d) => String(d.code).startsWith('pbtxt/'));
    assert.ok(syntax.length >= 1, JSON.stringify(p.diagnostics));
    c.close(uri);
    const uri2 = 'file:///ws/models/m2/config.pbtxt';
    c.open(uri2, 'name: "m2"\nbackend: "python"\nmax_batch_size: -1\n', 'pbtxt');
    const p2 = await c.diagnostics(uri2, 1);
    const neg = p2.diagnostics.find((d) => d.code === 'schema/out-of-range');
    assert.ok(neg, JSON.stringify(p2.diagnostics));
    assert.equal(neg.range.start.line, 2);
  });

  test('hover shows the schema doc and the capacity estimate with the engine numbers', async () => {
    const file = path.join(EXAMPLES, 'vllm', 'llama-8b-h100.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const uri = uriOf(file);
    c.open(uri, text);
    await c.diagnostics(uri, 1);
    const h = await c.request<Hover>('textDocument/hover', { textDocument: { uri }, position: posOf(text, 'max-model-len', 2) });
    const md = typeof h.contents === 'object' && 'value' in h.contents ? String(h.contents.value) : '';
    assert.match(md, /\*\*max-model-len\*\*/);
    const a = analyze({ uri, text });
    const m = a.estimates[0].estimate!.memory!;
    assert.ok(md.includes(`${Math.round(m.kvCacheTokens).toLocaleString('en-US')} tokens`), md);
    assert.ok(md.includes(`| weights | ${m.weightsGib.toFixed(2)} |`), md);
    assert.match(md, /TPOT [\d.]+ ms/);
    assert.match(md, /per 1M output tokens/);
    assert.match(md, /_Assumes: GPU from the # servescope comment/);
    c.close(uri);
  });

  test("Triton LLM backends: the server reads model.json and the engine's config.json and hovers their estimate", async () => {
    for (const [dir, key, shows] of [
      ['llama_vllm', 'backend:', /Would not start:\*\* The model's max seq len \(32768\)/],
      ['llama_trtllm', '"gpt_model_path"', /runtime buffers, decoder, context/],
    ] as const) {
      const file = path.join(EXAMPLES, 'triton', 'model_repository', dir, 'config.pbtxt');
      const text = fs.readFileSync(file, 'utf8');
      const uri = uriOf(file);
      c.open(uri, text, 'pbtxt');
      await c.diagnostics(uri, 1);
      const h = await c.request<Hover>('textDocument/hover', { textDocument: { uri }, position: posOf(text, key, 2) });
      const md = typeof h.contents === 'object' && 'value' in h.contents ? String(h.contents.value) : '';
      const a = analyze({ uri, text, host: DISK_HOST });
      const m = a.estimates[0].estimate!.memory!;
      assert.ok(md.includes(`| KV cache | ${m.kvCacheGib.toFixed(2)} |`), md);
      assert.ok(md.includes(`| weights | ${m.weightsGib.toFixed(2)} |`), md);
      assert.match(md, shows);
      c.close(uri);
    }
  });

  test('editing model.json re-checks the open config.pbtxt (workspace/didChangeWatchedFiles)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servescope-triton-'));
    const src = path.join(EXAMPLES, 'triton', 'model_repository', 'llama_vllm');
    const modelDir = path.join(dir, 'llama_vllm');
    fs.mkdirSync(path.join(modelDir, '1'), { recursive: true });
    fs.copyFileSync(path.join(src, 'config.pbtxt'), path.join(modelDir, 'config.pbtxt'));
    fs.copyFileSync(path.join(src, '1', 'model.json'), path.join(modelDir, '1', 'model.json'));
    const file = path.join(modelDir, 'config.pbtxt');
    const uri = uriOf(file);
    c.open(uri, fs.readFileSync(file, 'utf8'), 'pbtxt');
    const first = await c.diagnostics(uri, 1);
    assert.ok(first.diagnostics.some((d) => d.code === 'capacity/kv-cache-too-small'), JSON.stringify(first.diagnostics));
    // Shorter context: one request now fits on the L4.
    const json = path.join(modelDir, '1', 'model.json');
    fs.writeFileSync(json, JSON.stringify({ ...JSON.parse(fs.readFileSync(json, 'utf8')), max_model_len: 8192 }));
    const before = c.published.length;
    void c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(json), type: 2 }] });
    const again = await publishedAfter(c, before, uri);
    assert.ok(again, 'no new diagnostics after model.json changed');
    assert.equal(again.diagnostics.filter((d) => d.code === 'capacity/kv-cache-too-small').length, 0, JSON.stringify(again.diagnostics));
    c.close(uri);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("editing a step model's config.pbtxt on disk re-checks the open ensemble (the server watches what the analysis read)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servescope-ensemble-'));
    const write = (model: string, text: string) => {
      fs.mkdirSync(path.join(dir, model), { recursive: true });
      fs.writeFileSync(path.join(dir, model, 'config.pbtxt'), text);
      return path.join(dir, model, 'config.pbtxt');
    };
    const step = (max: number) => `name: "step"\nbackend: "onnxruntime"\nmax_batch_size: ${max}\ninput [ { name: "INPUT0" data_type: TYPE_FP32 dims: [ 4 ] } ]\noutput [ { name: "OUTPUT0" data_type: TYPE_FP32 dims: [ 4 ] } ]\n`;
    const ensemble = [
      'name: "ens"',
      'platform: "ensemble"',
      'max_batch_size: 16',
      'input [ { name: "IN" data_type: TYPE_FP32 dims: [ 4 ] } ]',
      'output [ { name: "OUT" data_type: TYPE_FP32 dims: [ 4 ] } ]',
      'ensemble_scheduling { step [ { model_name: "step" model_version: -1 input_map { key: "INPUT0" value: "IN" } output_map { key: "OUTPUT0" value: "OUT" } } ] }',
      '',
    ].join('\n');
    const stepFile = write('step', step(8));
    const uri = uriOf(write('ens', ensemble));
    const code = 'triton/ensemble-max-batch-size-exceeds-step';
    c.open(uri, ensemble, 'pbtxt');
    const first = await c.diagnostics(uri, 1);
    const d = first.diagnostics.find((x) => x.code === code);
    assert.ok(d, JSON.stringify(first.diagnostics));
    assert.match(String(d.message), /"step" \(8\)/);

    const changed = async (what: string) => {
      const before = c.published.length;
      void c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(stepFile), type: 2 }] });
      const again = await publishedAfter(c, before, uri);
      assert.ok(again, `no new diagnostics after ${what}`);
      return again.diagnostics.filter((x) => x.code === code);
    };
    // The step now batches 4: the finding follows the sibling's new value.
    fs.writeFileSync(stepFile, step(4));
    const lower = await changed('the step went to 4');
    assert.equal(lower.length, 1);
    assert.match(String(lower[0].message), /"step" \(4\)/);
    // The step batches 32: the ensemble's 16 fits.
    fs.writeFileSync(stepFile, step(32));
    assert.deepEqual(await changed('the step went to 32'), []);
    // An unrelated file does not re-check the ensemble.
    const before = c.published.length;
    void c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(os.tmpdir(), 'elsewhere', 'config.pbtxt')), type: 2 }] });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(c.published.slice(before).filter((p) => p.uri === uri).length, 0);
    c.close(uri);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('completion offers the keys valid at the cursor, spelled like the file', async () => {
    const uri = 'file:///ws/vllm-complete.yaml';
    const text = 'model: facebook/opt-125m\nmax-model-len: 2048\ntensor-par';
    c.open(uri, text);
    await c.diagnostics(uri, 1);
    const r = await c.request<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 10 } });
    const items = Array.isArray(r) ? r : r.items;
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('tensor-parallel-size'), labels.slice(0, 20).join(','));
    assert.ok(!labels.includes('max-model-len'), 'keys already present are not offered again');
    c.close(uri);
  });

  test('completion of enum values after the colon', async () => {
    const uri = 'file:///ws/vllm-enum.yaml';
    const text = 'model: facebook/opt-125m\nkv-cache-dtype: ';
    c.open(uri, text);
    await c.diagnostics(uri, 1);
    const r = await c.request<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 16 } });
    const labels = (Array.isArray(r) ? r : r.items).map((i) => i.label);
    assert.ok(labels.includes('fp8'), labels.join(','));
    c.close(uri);
  });

  test('outline lists the structure with list items named', async () => {
    const file = path.join(EXAMPLES, 'rayserve', 'serve_config.yaml');
    const uri = uriOf(file);
    c.open(uri, fs.readFileSync(file, 'utf8'));
    await c.diagnostics(uri, 1);
    const syms = await c.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const apps = syms.find((s) => s.name === 'applications');
    assert.ok(apps);
    assert.deepEqual(apps.children!.map((s) => s.name), ['summarizer', 'translator']);
    const info = await c.request<{ format: string; reason: string }>('servescope/documentInfo', { uri });
    assert.equal(info.format, 'rayserve');
    c.close(uri);
  });

  test('servescope/planCapacity answers with the planner, the same plan the core gives', async () => {
    const uri = 'file:///ws/plan-vllm.yaml';
    const text = '# servescope: gpu=H100-SXM-80GB\nmodel: meta-llama/Llama-3.1-8B-Instruct\ntensor-parallel-size: 1\nmax-model-len: 8192\n';
    c.open(uri, text);
    await c.diagnostics(uri, 1);
    const ask = { rps: 20, input_len: 1500, output_len: 300, slo: 'ttft:p95<800ms;tpot:p95<60ms' };
    const r = await c.request<Record<string, any>>('servescope/planCapacity', { uri, ask });
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.meets_slo, true);
    assert.equal(r.chosen.gpu, 'H100-SXM-80GB');
    assert.equal(r.chosen.replicas, Math.ceil(20 / r.chosen.max_rps_per_replica) + 1);
    const missing = await c.request<Record<string, any>>('servescope/planCapacity', { uri: 'file:///ws/not-open.yaml', ask });
    assert.deepEqual(missing, { ok: false, error: 'ServeScope has no open document file:///ws/not-open.yaml' });
    c.close(uri);
  });

  test('a lookalike is not claimed: no diagnostics', async () => {
    const uri = 'file:///ws/vllm.yaml';
    c.open(uri, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: vllm\n---\napiVersion: v1\nkind: Service\n');
    const p = await c.diagnostics(uri, 1);
    assert.deepEqual(p.diagnostics, []);
    c.close(uri);
  });

  test('alias bombs, 10 MB junk and deep nesting do not stop diagnostics for other documents', async () => {
    const bomb = ['# servescope: rayserve', 'a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    c.open('file:///ws/bomb.yaml', bomb.join('\n') + '\n');
    c.open('file:///ws/junk.yaml', '# servescope: vllm\n' + '\u0000\u00ff{['.repeat(2_700_000));
    c.open('file:///ws/deep.yaml', '# servescope: bentoml\nx: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n');
    const okUri = 'file:///ws/ok-vllm.yaml';
    c.open(okUri, 'model: facebook/opt-125m\nmax-num-seqs: 0\n');
    const ok = await c.diagnostics(okUri, 1, 60000);
    assert.ok(ok.diagnostics.some((d) => d.code === 'schema/out-of-range'), JSON.stringify(ok.diagnostics.map((d) => d.code)));
    const bombDiag = await c.diagnostics('file:///ws/bomb.yaml', 1, 60000);
    assert.ok(bombDiag.diagnostics.some((d) => d.code === 'servescope/limit'), JSON.stringify(bombDiag.diagnostics.map((d) => d.code)));
    const junk = await c.diagnostics('file:///ws/junk.yaml', 1, 60000);
    assert.ok(junk.diagnostics.some((d) => d.code === 'servescope/file-too-large' || String(d.code).startsWith('yaml/')), JSON.stringify(junk.diagnostics.map((d) => d.code)));
    await c.diagnostics('file:///ws/deep.yaml', 1, 60000);
    // The server is still alive and answering.
    const info = await c.request<{ format: string }>('servescope/documentInfo', { uri: okUri });
    assert.equal(info.format, 'vllm');
  });

  test('closing a document clears its diagnostics', async () => {
    const uri = 'file:///ws/close-me.yaml';
    c.open(uri, 'model: facebook/opt-125m\nmax-model-len: 2048\nmax-num-seqs: 8\nbogus-key: 1\n');
    const p = await c.diagnostics(uri, 1);
    assert.ok(p.diagnostics.length > 0);
    const n = c.published.length;
    c.close(uri);
    const cleared = await new Promise<boolean>((resolve) => {
      const t = setInterval(() => {
        const later = c.published.slice(n).find((x) => x.uri === uri);
        if (later) {
          clearInterval(t);
          resolve(later.diagnostics.length === 0);
        }
      }, 10);
    });
    assert.ok(cleared);
  });
});
