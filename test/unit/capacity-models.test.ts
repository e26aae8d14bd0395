/**
 * Model resolution: config.json shapes → ModelArch, local paths, the local
 * Hugging Face cache, and the opt-in Hub client (against a server on
 * 127.0.0.1, never the internet).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { installModelFiles, resolveModel } from '../../server/src/core/capacity/models';
import { main } from '../../server/src/cli';
import { DISK_MODEL_FILES, diskModelFiles } from '../../server/src/modelFiles';
import { archFromHfConfig } from '../../server/src/core/capacity/hfConfig';
import { clearHubCache } from '../../server/src/core/capacity/hubAnswers';
import { fetchHubConfig } from '../../server/src/hubClient';
import { kvLayout } from '../../server/src/core/capacity/kvcache';
import type { ModelArch } from '../../server/src/core/capacity/types';

const llamaConfig = {
  architectures: ['LlamaForCausalLM'],
  model_type: 'llama',
  hidden_size: 4096,
  intermediate_size: 14336,
  num_attention_heads: 32,
  num_hidden_layers: 32,
  num_key_value_heads: 8,
  vocab_size: 128256,
  max_position_embeddings: 131072,
  rope_scaling: { factor: 8.0, rope_type: 'llama3', original_max_position_embeddings: 8192 },
  tie_word_embeddings: false,
  torch_dtype: 'bfloat16',
};

function arch(cfg: Record<string, unknown>, id = 'x/y'): ModelArch {
  const a = archFromHfConfig(cfg, id);
  assert.notEqual(typeof a, 'string', String(a));
  return a as ModelArch;
}

test('Llama config: GQA heads, head_dim from hidden/heads, no sliding window', () => {
  const a = arch(llamaConfig);
  assert.equal(a.numKvHeads, 8);
  assert.equal(a.headDim, 128);
  assert.equal(a.slidingWindow, null);
  assert.equal(a.maxPositionEmbeddings, 131072);
});

test('Qwen2 config: sliding_window is ignored unless use_sliding_window is true', () => {
  const a = arch({ ...llamaConfig, model_type: 'qwen2', architectures: ['Qwen2ForCausalLM'], sliding_window: 131072, use_sliding_window: false, max_position_embeddings: 32768 });
  assert.equal(a.slidingWindow, null);
});

test('Mixtral config: MoE with experts from num_local_experts and intermediate_size', () => {
  const a = arch({ ...llamaConfig, model_type: 'mixtral', architectures: ['MixtralForCausalLM'], num_local_experts: 8, num_experts_per_tok: 2, vocab_size: 32000, max_position_embeddings: 32768, sliding_window: null });
  assert.deepEqual([a.moe?.numExperts, a.moe?.expertsPerToken, a.moe?.moeIntermediateSize], [8, 2, 14336]);
});

test('DeepSeek-V3 config: MLA latent, routed + shared experts, first dense layers, fp8 quantization', () => {
  const a = arch({
    architectures: ['DeepseekV3ForCausalLM'],
    model_type: 'deepseek_v3',
    hidden_size: 7168,
    intermediate_size: 18432,
    moe_intermediate_size: 2048,
    num_attention_heads: 128,
    num_key_value_heads: 128,
    num_hidden_layers: 61,
    n_routed_experts: 256,
    n_shared_experts: 1,
    num_experts_per_tok: 8,
    first_k_dense_replace: 3,
    kv_lora_rank: 512,
    q_lora_rank: 1536,
    qk_rope_head_dim: 64,
    qk_nope_head_dim: 128,
    v_head_dim: 128,
    vocab_size: 129280,
    max_position_embeddings: 163840,
    quantization_config: { quant_method: 'fp8', weight_block_size: [128, 128] },
  });
  assert.equal(a.mla?.kvLoraRank, 512);
  assert.equal(a.moe?.numExperts, 256);
  assert.equal(a.moe?.firstKDenseReplace, 3);
  assert.equal(a.quantization?.method, 'fp8');
  assert.equal(kvLayout(a, 8, 1, 2).bytesPerTokenPerLayer * 61, (512 + 64) * 61 * 2);
});

test('gpt-oss config: layer_types give 18 sliding + 18 full layers, mxfp4 experts', () => {
  const layerTypes = Array.from({ length: 36 }, (_, i) => (i % 2 === 0 ? 'sliding_attention' : 'full_attention'));
  const a = arch({
    architectures: ['GptOssForCausalLM'],
    model_type: 'gpt_oss',
    hidden_size: 2880,
    intermediate_size: 2880,
    num_attention_heads: 64,
    num_key_value_heads: 8,
    head_dim: 64,
    num_hidden_layers: 36,
    num_local_experts: 128,
    num_experts_per_tok: 4,
    sliding_window: 128,
    layer_types: layerTypes,
    vocab_size: 201088,
    max_position_embeddings: 131072,
    quantization_config: { quant_method: 'mxfp4' },
  });
  assert.deepEqual([a.slidingLayers, a.fullLayers, a.slidingWindow], [18, 18, 128]);
  assert.equal(a.quantization?.method, 'mxfp4');
  assert.equal(a.quantization?.expertsOnly, true);
});

test('Gemma 3 multimodal config: text_config wins, 5:1 sliding pattern, tied embeddings, vision tower counted', () => {
  const a = arch({
    architectures: ['Gemma3ForConditionalGeneration'],
    model_type: 'gemma3',
    text_config: {
      model_type: 'gemma3_text',
      hidden_size: 5376,
      intermediate_size: 21504,
      num_attention_heads: 32,
      num_key_value_heads: 16,
      head_dim: 128,
      num_hidden_layers: 62,
      sliding_window: 1024,
      sliding_window_pattern: 6,
      vocab_size: 262208,
      max_position_embeddings: 131072,
    },
    vision_config: { hidden_size: 1152, intermediate_size: 4304, num_hidden_layers: 27 },
  });
  assert.equal(a.hiddenSize, 5376);
  assert.equal(a.fullLayers, 10);
  assert.equal(a.slidingLayers, 52);
  assert.equal(a.tieWordEmbeddings, true);
  assert.ok((a.visionParams ?? 0) > 300e6);
});

test('OPT config: ffn_dim and tied embeddings; AWQ quantization_config read', () => {
  const a = arch({ architectures: ['OPTForCausalLM'], model_type: 'opt', hidden_size: 768, ffn_dim: 3072, num_attention_heads: 12, num_hidden_layers: 12, vocab_size: 50272, max_position_embeddings: 2048 });
  assert.equal(a.intermediateSize, 3072);
  assert.equal(a.tieWordEmbeddings, true);
  const q = arch({ ...llamaConfig, quantization_config: { quant_method: 'awq', bits: 4, group_size: 128, zero_point: true } });
  assert.deepEqual(q.quantization, { method: 'awq', bits: 4, groupSize: 128 });
});

test('a config without the core fields is reported, not guessed', () => {
  assert.equal(typeof archFromHfConfig({ model_type: 'bert' }, 'x/bert'), 'string');
});

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'servescope-models-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('a local directory with config.json resolves with origin local', () => {
  const dir = path.join(tmp, 'my-model');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(llamaConfig));
  const r = resolveModel(dir, { files: DISK_MODEL_FILES });
  assert.ok('arch' in r, JSON.stringify(r));
  assert.equal(r.origin, 'local');
  assert.equal(r.arch.numLayers, 32);
  const missing = resolveModel(path.join(tmp, 'nope'), { files: DISK_MODEL_FILES });
  assert.ok('unknown' in missing);
});

test('the core reads a local model only through the installed ModelFiles; the CLI installs the disk', () => {
  const dir = path.join(tmp, 'installed-model');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ ...llamaConfig, num_hidden_layers: 12 }));
  const none = resolveModel(dir);
  assert.ok('unknown' in none, 'nothing installed: the core itself opened no file');
  const out: string[] = [];
  try {
    assert.equal(main(['estimate', '--model', dir, '--gpu', 'H100', '--json'], (s) => out.push(s), (s) => out.push(s)), 0, out.join('\n'));
    assert.ok(JSON.parse(out.join('\n')).assumptions.some((s: string) => s.startsWith('model facts from local')), out.join('\n'));
    const r = resolveModel(dir);
    assert.ok('arch' in r && r.origin === 'local' && r.arch.numLayers === 12, JSON.stringify(r));
  } finally {
    installModelFiles(undefined);
  }
});

test('the Hugging Face cache layout is searched (models--org--name/snapshots/*/config.json)', () => {
  const snap = path.join(tmp, 'hf', 'hub', 'models--acme--tiny-llama', 'snapshots', 'abc123');
  fs.mkdirSync(snap, { recursive: true });
  fs.writeFileSync(path.join(snap, 'config.json'), JSON.stringify({ ...llamaConfig, num_hidden_layers: 4 }));
  const r = resolveModel('acme/tiny-llama', { files: diskModelFiles({ hfHome: path.join(tmp, 'hf') }) });
  assert.ok('arch' in r, JSON.stringify(r));
  assert.equal(r.origin, 'hf-cache');
  assert.equal(r.arch.numLayers, 4);
});

test('an unknown id without Hub access says what to do', () => {
  const r = resolveModel('acme/does-not-exist', { files: diskModelFiles({ hfHome: path.join(tmp, 'empty') }) });
  assert.ok('unknown' in r);
  assert.match(r.unknown, /allowHubFetch|download/);
});

test('Hub client: GET {endpoint}/{id}/resolve/main/config.json on a local server, cached, 404 and timeouts reported', async () => {
  clearHubCache();
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/acme/hub-model/resolve/main/config.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...llamaConfig, num_hidden_layers: 6 }));
    } else if (req.url === '/acme/redirected/resolve/main/config.json') {
      res.writeHead(302, { location: '/acme/hub-model/resolve/main/config.json' });
      res.end();
    } else if (req.url?.startsWith('/acme/slow/')) {
      // Never answers: the client's timeout must fire.
    } else {
      res.writeHead(404);
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const r = await fetchHubConfig('acme/hub-model', endpoint);
    assert.ok('arch' in r, JSON.stringify(r));
    assert.equal(r.origin, 'hub');
    assert.equal(r.arch.numLayers, 6);
    await fetchHubConfig('acme/hub-model', endpoint);
    assert.equal(hits.filter((h) => h.includes('hub-model')).length, 1, 'second call served from cache');
    // After the fetch, the synchronous resolver finds it when Hub use is allowed, and not otherwise.
    const sync = resolveModel('acme/hub-model', { allowHubFetch: true, files: diskModelFiles({ hfHome: path.join(tmp, 'empty') }) });
    assert.ok('arch' in sync && sync.origin === 'hub');
    assert.ok('unknown' in resolveModel('acme/hub-model', { files: diskModelFiles({ hfHome: path.join(tmp, 'empty') }) }));

    const redirected = await fetchHubConfig('acme/redirected', endpoint);
    assert.ok('arch' in redirected);

    const missing = await fetchHubConfig('acme/missing', endpoint);
    assert.ok('unknown' in missing && /404/.test(missing.unknown));

    const slow = await fetchHubConfig('acme/slow', endpoint, { timeoutMs: 200 });
    assert.ok('unknown' in slow && /timed out/.test(slow.unknown), JSON.stringify(slow));

    const bad = await fetchHubConfig('not a repo id', endpoint);
    assert.ok('unknown' in bad);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
