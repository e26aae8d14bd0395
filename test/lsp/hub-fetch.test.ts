/**
 * servescope.models.allowHubFetch through the real server: a model the catalog lacks
 * is fetched from a Hub stand-in on 127.0.0.1 (HF_ENDPOINT) and the document's hover
 * then carries its estimate; a gated repo's refusal is shown instead. Never the internet.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Hover } from 'vscode-languageserver-protocol';
import { LspClient, posOf, SERVER } from './harness';

const CONFIG = {
  architectures: ['LlamaForCausalLM'],
  model_type: 'llama',
  hidden_size: 2048,
  intermediate_size: 8192,
  num_hidden_layers: 16,
  num_attention_heads: 32,
  num_key_value_heads: 8,
  vocab_size: 128256,
  max_position_embeddings: 8192,
  torch_dtype: 'bfloat16',
  tie_word_embeddings: true,
};

describe('Hub fetch in the editor', { timeout: 120_000 }, () => {
  let hub: http.Server;
  let c: LspClient;
  const requests: string[] = [];
  before(async () => {
    assert.ok(fs.existsSync(SERVER), 'dist/server.js must be built (npm run build)');
    hub = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === '/acme/tiny-llama/resolve/main/config.json') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(CONFIG));
      if (req.url === '/acme/gated-llama/resolve/main/config.json') return res.writeHead(401).end('{"error":"gated"}');
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => hub.listen(0, '127.0.0.1', r));
    const prev = process.env.HF_ENDPOINT;
    process.env.HF_ENDPOINT = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`;
    c = new LspClient();
    if (prev === undefined) delete process.env.HF_ENDPOINT;
    else process.env.HF_ENDPOINT = prev;
    c.settings = { models: { allowHubFetch: true }, hardware: { gpu: 'H100-SXM-80GB' } };
    await c.initialize(null);
  });
  after(async () => {
    await c.stop();
    await new Promise((r) => hub.close(r));
  });

  const hoverText = async (uri: string, text: string) => {
    const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: posOf(text, 'model:', 1) });
    return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : JSON.stringify(h?.contents ?? '');
  };
  const eventually = async (what: string, check: () => Promise<boolean>) => {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.fail(`timed out waiting for ${what}`);
  };

  test('a model outside the catalog is fetched once and then estimated', async () => {
    const uri = 'file:///ws/tiny.yaml';
    const text = 'model: acme/tiny-llama\nmax-model-len: 4096\n';
    c.open(uri, text);
    await c.diagnostics(uri, 1);
    let last = '';
    await eventually('the hover to show the fetched model\'s estimate', async () => /GiB/.test((last = await hoverText(uri, text))));
    assert.match(last, /KV cache/i, last);
    assert.equal(requests.filter((u) => u.includes('tiny-llama')).length, 1, requests.join(', '));
    c.close(uri);
  });

  test('a gated repo: the hover says to set HF_TOKEN', async () => {
    const uri = 'file:///ws/gated.yaml';
    const text = 'model: acme/gated-llama\nmax-model-len: 4096\n';
    c.open(uri, text);
    await c.diagnostics(uri, 1);
    let last = '';
    await eventually('the Hub\'s refusal in the hover', async () => /HF_TOKEN/.test((last = await hoverText(uri, text))));
    assert.match(last, /gated or private/);
    c.close(uri);
  });
});
