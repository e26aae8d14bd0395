/**
 * Checkpoints added to the catalog for issue 12 resolve by id, and their weight
 * size is what their parameter count implies: 16-bit weights at 2 bytes each, and
 * quantized builds at the quantized width for the linear layers with the
 * embeddings kept 16-bit (as vLLM loads AWQ/GPTQ/FP8 checkpoints).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveModel } from '../../server/src/core/capacity/models';
import { weightsPerGpu } from '../../server/src/core/capacity/weights';
import { archFromHfConfig } from '../../server/src/core/capacity/hfConfig';
import type { ModelArch } from '../../server/src/core/capacity/types';

function arch(id: string): ModelArch {
  const r = resolveModel(id, { noFilesystem: true });
  assert.ok('arch' in r, `${id}: ${'unknown' in r ? r.unknown : ''}`);
  assert.equal(r.origin, 'catalog');
  return r.arch;
}

/** Linear (attention + gated MLP) and embedding parameter counts from the shapes. */
function counts(a: ModelArch): { linear: number; embed: number } {
  const attn = 2 * a.hiddenSize * a.numHeads * a.headDim + 2 * a.hiddenSize * a.numKvHeads * a.headDim;
  const linear = a.numLayers * (attn + 3 * a.hiddenSize * a.intermediateSize);
  const embed = a.vocabSize * a.hiddenSize * (a.tieWordEmbeddings ? 1 : 2);
  return { linear, embed };
}

const GIB = 2 ** 30;

test('new 16-bit checkpoints: weights = 2 bytes x the parameters the model cards state', () => {
  // [id, parameters the model card states]
  const cases: [string, number][] = [
    ['HuggingFaceTB/SmolLM3-3B', 3.08e9],
    ['mistralai/Ministral-8B-Instruct-2410', 8.02e9],
    ['mistralai/Mistral-Large-Instruct-2407', 123e9],
    ['ibm-granite/granite-4.0-1b', 1.6e9],
    // Two-thirds of it is the tied 262144 x 640 embedding, counted once.
    ['google/gemma-3-270m-it', 270e6],
    ['codellama/CodeLlama-34b-hf', 34e9],
    ['lmsys/vicuna-13b-v1.5', 13e9],
    // MiniCPM-2B: 2.4B without the tied 122753 x 2304 embedding, 2.7B with it.
    ['openbmb/MiniCPM-2B-sft-bf16', 2.7e9],
  ];
  for (const [id, stated] of cases) {
    const a = arch(id);
    const { linear, embed } = counts(a);
    assert.ok(Math.abs(linear + embed - stated) / stated < 0.03, `${id}: ${linear + embed} parameters from the shapes vs ${stated} stated`);
    const w = weightsPerGpu(a, 1, 1, 2, a.quantization);
    assert.ok(Math.abs(w.totalBytes - 2 * (linear + embed)) / w.totalBytes < 0.01, `${id}: ${(w.totalBytes / GIB).toFixed(2)} GiB`);
  }
});

test('new quantized builds carry their method and shrink only the linear layers', () => {
  // [id, base id, bytes per linear weight]
  const cases: [string, string, number][] = [
    ['Qwen/Qwen2.5-14B-Instruct-AWQ', 'Qwen/Qwen2.5-14B-Instruct', 0.5 + 2.5 / 128],
    ['Qwen/Qwen2.5-7B-Instruct-GPTQ-Int8', 'Qwen/Qwen2.5-7B-Instruct', 1 + 3 / 128],
    ['Qwen/Qwen3-8B-FP8', 'Qwen/Qwen3-8B', 1],
    ['RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic', 'meta-llama/Llama-3.3-70B-Instruct', 1],
    ['neuralmagic/Llama-3.2-3B-Instruct-quantized.w4a16', 'meta-llama/Llama-3.2-3B-Instruct', 0.5 + 2 / 128],
    ['Qwen/Qwen2.5-72B-Instruct-AWQ', 'Qwen/Qwen2.5-72B-Instruct', 0.5 + 2.5 / 128],
    ['Qwen/Qwen2-7B-Instruct-GPTQ-Int8', 'Qwen/Qwen2-7B-Instruct', 1 + 3 / 128],
    ['Qwen/Qwen3-1.7B-GPTQ-Int8', 'Qwen/Qwen3-1.7B', 1 + 3 / 128],
    // TheBloke's builds state no bits in the catalog: GPTQ's usual 4-bit, group 128.
    ['TheBloke/Llama-2-70B-GPTQ', 'meta-llama/Llama-2-70b-hf', 0.5 + 2.5 / 128],
  ];
  for (const [id, baseId, perWeight] of cases) {
    const a = arch(id);
    const base = arch(baseId);
    assert.ok(a.quantization, `${id} has a quantization block`);
    for (const k of ['hiddenSize', 'numLayers', 'numHeads', 'numKvHeads', 'headDim', 'intermediateSize', 'vocabSize'] as const) assert.equal(a[k], base[k], `${id} ${k}`);
    const { linear, embed } = counts(a);
    const expected = linear * perWeight + embed * 2;
    const w = weightsPerGpu(a, 1, 1, 2, a.quantization);
    assert.ok(Math.abs(w.totalBytes - expected) / expected < 0.02, `${id}: ${(w.totalBytes / GIB).toFixed(2)} GiB vs ${(expected / GIB).toFixed(2)} GiB`);
    assert.ok(w.totalBytes < weightsPerGpu(base, 1, 1, 2, undefined).totalBytes, `${id} is smaller than its base`);
  }
});

test('new MoE and MLA rows resolve with their routing and latent sizes', () => {
  const vl = arch('Qwen/Qwen3-VL-30B-A3B-Instruct');
  assert.equal(vl.moe?.numExperts, 128);
  assert.equal(vl.moe?.expertsPerToken, 8);
  assert.ok((vl.visionParams ?? 0) > 0, 'vision tower counted');
  const glm = arch('zai-org/GLM-5');
  assert.equal(glm.mla?.kvLoraRank, 512);
  assert.equal(glm.mla?.qkNopeHeadDim, 192);
  assert.equal(arch('deepseek-ai/DeepSeek-V3.2').moe?.numExperts, 256);
});

test('NVFP4 builds that keep attention 16-bit shrink only the routed experts', () => {
  // MiniMax-M2.7 (config.json): 62 layers, hidden 3072, 256 experts of intermediate 1536, 48 query / 8 KV heads of 128.
  const mm = arch('nvidia/MiniMax-M2.7-NVFP4');
  assert.equal(mm.quantization?.method, 'nvfp4');
  assert.equal(mm.quantization?.expertsOnly, true);
  const experts = 62 * 256 * 3 * 3072 * 1536;
  const attn = 62 * (2 * 3072 * 48 * 128 + 2 * 3072 * 8 * 128);
  const rest = attn + 62 * 3072 * 256 + 2 * 200064 * 3072;
  const expected = experts * (0.5 + 1 / 16) + rest * 2;
  const w = weightsPerGpu(mm, 1, 1, 2, mm.quantization);
  assert.ok(Math.abs(w.totalBytes - expected) / expected < 0.02, `${(w.totalBytes / GIB).toFixed(1)} GiB vs ${(expected / GIB).toFixed(1)} GiB`);

  // GLM-5.1-NVFP4: the 75 MoE layers' 256 routed experts (hidden 6144, intermediate 2048) are the only 4-bit weights.
  const glm = arch('nvidia/GLM-5.1-NVFP4');
  const base = arch('zai-org/GLM-5.1');
  assert.deepEqual(glm.mla, base.mla);
  assert.equal(glm.quantization?.unquantizedLayers, 3);
  const routed = 75 * 256 * 3 * 6144 * 2048;
  const baseBytes = weightsPerGpu(base, 1, 1, 2, undefined).totalBytes;
  const glmExpected = baseBytes - routed * 2 + routed * (0.5 + 1 / 16);
  const gw = weightsPerGpu(glm, 1, 1, 2, glm.quantization).totalBytes;
  assert.ok(Math.abs(gw - glmExpected) / glmExpected < 0.02, `${(gw / GIB).toFixed(1)} GiB vs ${(glmExpected / GIB).toFixed(1)} GiB`);
  // Its FP8 sibling quantizes every linear layer to one byte.
  assert.ok(weightsPerGpu(arch('zai-org/GLM-5.1-FP8'), 1, 1, 2, arch('zai-org/GLM-5.1-FP8').quantization).totalBytes < 0.55 * baseBytes);
});

test('Llama-2-era fine-tunes keep their own vocabulary', () => {
  assert.equal(arch('NousResearch/Nous-Hermes-Llama2-13b').vocabSize, 32032);
  assert.equal(arch('openchat/openchat_v3.2').vocabSize, 32002);
  assert.equal(arch('teknium/OpenHermes-2-Mistral-7B').slidingWindow, 4096);
  // The 34B CodeLlama has no infilling tokens: 32000, not the 7B/13B's 32016.
  assert.equal(arch('codellama/CodeLlama-34b-Instruct-hf').vocabSize, 32000);
  assert.equal(arch('codellama/CodeLlama-7b-Instruct-hf').vocabSize, 32016);
});

test('Llama 4 MoE layers carry a shared expert and Maverick interleaves dense layers: 109B and 400B, as Meta states', () => {
  // Meta's card: Scout 109B total (16 experts on every layer), Maverick 400B (128 experts on every other layer).
  for (const [id, stated] of [['meta-llama/Llama-4-Scout-17B-16E-Instruct', 109e9], ['meta-llama/Llama-4-Maverick-17B-128E-Instruct', 400e9]] as const) {
    const a = arch(id);
    assert.equal(a.moe?.sharedExperts, 1, id);
    const params = weightsPerGpu(a, 1, 1, 2, undefined).totalBytes / 2;
    assert.ok(Math.abs(params - stated) / stated < 0.03, `${id}: ${(params / 1e9).toFixed(1)}B parameters vs ${stated / 1e9}B`);
  }
  assert.equal(arch('meta-llama/Llama-4-Maverick-17B-128E-Instruct').moe?.moeLayerStep, 2);
});

test("a Llama 4 config.json read from the Hub gets the same layout: dense layers of intermediate_size_mlp, one shared expert", () => {
  const config = {
    architectures: ['Llama4ForConditionalGeneration'],
    text_config: {
      model_type: 'llama4_text', hidden_size: 5120, num_hidden_layers: 48, num_attention_heads: 40, num_key_value_heads: 8, head_dim: 128,
      intermediate_size: 8192, intermediate_size_mlp: 16384, interleave_moe_layer_step: 2, num_local_experts: 128, num_experts_per_tok: 1,
      vocab_size: 202048, max_position_embeddings: 1048576, tie_word_embeddings: false,
    },
  };
  const a = archFromHfConfig(config, 'meta-llama/Llama-4-Maverick-17B-128E-Instruct');
  assert.ok(typeof a !== 'string', String(a));
  assert.equal(a.intermediateSize, 16384);
  assert.equal(a.moe?.moeIntermediateSize, 8192);
  assert.equal(a.moe?.sharedExperts, 1);
  assert.equal(a.moe?.moeLayerStep, 2);
  const catalogBytes = weightsPerGpu(arch('meta-llama/Llama-4-Maverick-17B-128E-Instruct'), 1, 1, 2, undefined).totalBytes;
  assert.ok(Math.abs(weightsPerGpu(a, 1, 1, 2, undefined).totalBytes - catalogBytes) / catalogBytes < 0.001);
});
