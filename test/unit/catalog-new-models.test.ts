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
