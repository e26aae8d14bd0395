/**
 * `servescope estimate --hub` / `plan --hub`: a model outside the catalog resolves from its
 * config.json on the Hub. A server on 127.0.0.1 stands in for the Hub through HF_ENDPOINT;
 * no test here may reach the internet, so HF_ENDPOINT always points at it (or at a closed port).
 */
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { main } from '../../server/src/cli';
import { clearHubCache } from '../../server/src/core/capacity/hubAnswers';

const config = {
  architectures: ['LlamaForCausalLM'],
  model_type: 'llama',
  hidden_size: 2048,
  intermediate_size: 8192,
  num_attention_heads: 32,
  num_hidden_layers: 16,
  num_key_value_heads: 8,
  vocab_size: 128256,
  max_position_embeddings: 8192,
  tie_word_embeddings: true,
  torch_dtype: 'bfloat16',
};

const hits: { url: string; auth?: string }[] = [];
const server = http.createServer((req, res) => {
  hits.push({ url: req.url ?? '', auth: req.headers.authorization });
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.url === '/acme/open-1b/resolve/main/config.json') json(200, config);
  else if (req.url === '/acme/gated-1b/resolve/main/config.json') {
    if (req.headers.authorization === 'Bearer hf_test_token') json(200, config);
    else json(401, { error: 'Access to model acme/gated-1b is restricted.' });
  } else if (req.url === '/acme/not-json/resolve/main/config.json') {
    res.writeHead(200);
    res.end('<html>mirror error page</html>');
  } else if (req.url?.startsWith('/acme/silent/')) {
    // Never answers: the deadline must fire.
  } else json(404, { error: 'Repository not found' });
});
let endpoint = '';
let closedEndpoint = '';
const ENV = ['HF_ENDPOINT', 'HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'HF_HOME', 'SERVESCOPE_HUB_TIMEOUT_MS'];
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A port that was just free and is closed again: connecting is refused at once.
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedEndpoint = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  process.env.HF_HOME = '/nonexistent-servescope-hf-home';
});

beforeEach(() => {
  clearHubCache();
  hits.length = 0;
  process.env.HF_ENDPOINT = endpoint;
  delete process.env.HF_TOKEN;
  delete process.env.HUGGING_FACE_HUB_TOKEN;
  delete process.env.SERVESCOPE_HUB_TIMEOUT_MS;
});

after(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('estimate --hub resolves a model the catalog lacks from HF_ENDPOINT and estimates it', async () => {
  const r = await run('estimate', '--hub', '--model', 'acme/open-1b', '--gpu', 'H100-SXM-80GB', '--max-model-len', '4096', '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.model, 'acme/open-1b');
  assert.equal(j.fits, true);
  // 16 × (4·2048² − 2·2048·(2048 − 512) + 3·2048·8192) + 128256·2048 (tied) ≈ 1.24e9 params → ≈ 2.3 GiB in bf16.
  const params = 16 * (2048 * 2048 * 2 + 2 * 2048 * 512 + 3 * 2048 * 8192) + 128256 * 2048;
  assert.ok(Math.abs(j.weights_gib - (params * 2) / 2 ** 30) < 0.1, `weights ${j.weights_gib} GiB for ${params} params`);
  assert.ok(j.assumptions.some((a: string) => /model facts from hub/.test(a)), j.assumptions.join('; '));
  assert.deepEqual(hits.map((h) => h.url), ['/acme/open-1b/resolve/main/config.json']);
  assert.equal(hits[0].auth, undefined, 'no token is sent when HF_TOKEN is unset');
});

test('estimate --hub leaves catalog models alone (no request)', async () => {
  const r = await run('estimate', '--hub', '--model', 'meta-llama/Llama-3.1-8B-Instruct', '--gpu', 'H100-SXM-80GB', '--json');
  assert.equal(r.code, 0, r.err);
  assert.equal(hits.length, 0);
});

test('plan --hub plans for a model fetched from the Hub', async () => {
  const r = await run('plan', '--hub', '--model', 'acme/open-1b', '--rps', '1', '--gpu', 'H100-SXM-80GB', '--max-model-len', '4096', '--json');
  assert.notEqual(r.code, 2, r.err);
  assert.match(r.out, /acme\/open-1b|"plans"/);
  assert.equal(hits.length, 1);
});

test('a gated repo: 401 says to set HF_TOKEN; with HF_TOKEN it is sent as a bearer token', async () => {
  const refused = await run('estimate', '--hub', '--model', 'acme/gated-1b', '--gpu', 'H100-SXM-80GB');
  assert.equal(refused.code, 2);
  assert.match(refused.err, /HTTP 401/);
  assert.match(refused.err, /set HF_TOKEN/);
  process.env.HF_TOKEN = 'hf_test_token';
  const ok = await run('estimate', '--hub', '--model', 'acme/gated-1b', '--gpu', 'H100-SXM-80GB', '--max-model-len', '4096', '--json');
  assert.equal(ok.code, 0, ok.err);
  assert.equal(hits.at(-1)?.auth, 'Bearer hf_test_token');
});

test('plan --hub: a missing repo says 404 and exits 2', async () => {
  const r = await run('plan', '--hub', '--model', 'acme/no-such-model', '--rps', '1', '--gpu', 'H100-SXM-80GB');
  assert.equal(r.code, 2);
  assert.match(r.err, /HTTP 404/);
  assert.match(r.err, /acme\/no-such-model/);
});

test('an unreachable endpoint fails quickly and says so', async () => {
  process.env.HF_ENDPOINT = closedEndpoint;
  const t0 = Date.now();
  const r = await run('estimate', '--hub', '--model', 'acme/open-1b', '--gpu', 'H100-SXM-80GB');
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot reach the Hugging Face Hub at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  assert.match(r.err, /HF_ENDPOINT/);
  assert.ok(Date.now() - t0 < 3000, `took ${Date.now() - t0} ms`);
});

test('a Hub that never answers times out (SERVESCOPE_HUB_TIMEOUT_MS) instead of hanging', async () => {
  process.env.SERVESCOPE_HUB_TIMEOUT_MS = '300';
  const t0 = Date.now();
  const r = await run('estimate', '--hub', '--model', 'acme/silent', '--gpu', 'H100-SXM-80GB');
  assert.equal(r.code, 2);
  assert.match(r.err, /timed out after 300 ms/);
  assert.ok(Date.now() - t0 < 3000, `took ${Date.now() - t0} ms`);
});

test('an HF_ENDPOINT that is not a URL is named, not fetched', async () => {
  process.env.HF_ENDPOINT = 'hf-mirror.example';
  const r = await run('estimate', '--hub', '--model', 'acme/open-1b', '--gpu', 'H100-SXM-80GB');
  assert.equal(r.code, 2);
  assert.match(r.err, /HF_ENDPOINT must be an http\(s\) URL/);
});

test('a mirror that answers with something other than JSON is an error, not a crash', async () => {
  const r = await run('estimate', '--hub', '--model', 'acme/not-json', '--gpu', 'H100-SXM-80GB');
  assert.equal(r.code, 2);
  assert.match(r.err, /not JSON/);
});

test('without --hub an unknown model is not fetched, and the message offers --hub', async () => {
  const r = await run('estimate', '--model', 'acme/open-1b', '--gpu', 'H100-SXM-80GB');
  assert.equal(r.code, 2);
  assert.match(r.out + r.err, /--hub/);
  assert.equal(hits.length, 0);
});
