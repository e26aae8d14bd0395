/**
 * Hand-checked memory formulas of the capacity model: weights, KV bytes per
 * token (GQA, TP, MLA, fp8, sliding windows), block rounding and the startup
 * verdicts vLLM would print. Fixtures are inline so the tests do not move when
 * the catalogs are edited.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimate } from '../../server/src/core/capacity/estimate';
import { BLOCK_SIZE, kvBytesForOneRequest, kvCapacity, kvLayout } from '../../server/src/core/capacity/kvcache';
import { quantBytesPerWeight, weightsPerGpu } from '../../server/src/core/capacity/weights';
import { archFromHfConfig } from '../../server/src/core/capacity/hfConfig';
import type { GpuSpec, ModelArch } from '../../server/src/core/capacity/types';

const GIB = 1024 ** 3;

const llama8b: ModelArch = {
  id: 'fixture/llama-3.1-8b',
  architecture: 'LlamaForCausalLM',
  paramsTotal: 8030261248,
  torchDtype: 'bfloat16',
  hiddenSize: 4096,
  numLayers: 32,
  numHeads: 32,
  numKvHeads: 8,
  headDim: 128,
  intermediateSize: 14336,
  vocabSize: 128256,
  maxPositionEmbeddings: 131072,
  tieWordEmbeddings: false,
};

const llama70b: ModelArch = {
  ...llama8b,
  id: 'fixture/llama-3.1-70b',
  paramsTotal: 70553706496,
  hiddenSize: 8192,
  numLayers: 80,
  numHeads: 64,
  intermediateSize: 28672,
};

const deepseekV3: ModelArch = {
  id: 'fixture/deepseek-v3',
  architecture: 'DeepseekV3ForCausalLM',
  torchDtype: 'bfloat16',
  hiddenSize: 7168,
  numLayers: 61,
  numHeads: 128,
  numKvHeads: 128,
  headDim: 192,
  intermediateSize: 18432,
  vocabSize: 129280,
  maxPositionEmbeddings: 163840,
  tieWordEmbeddings: false,
  mla: { kvLoraRank: 512, qkRopeHeadDim: 64, qLoraRank: 1536, qkNopeHeadDim: 128, vHeadDim: 128 },
  moe: { numExperts: 256, expertsPerToken: 8, moeIntermediateSize: 2048, sharedExperts: 1, firstKDenseReplace: 3 },
  quantization: { method: 'fp8', bits: 8 },
};

const h100: GpuSpec = {
  id: 'H100-SXM-80GB',
  names: ['NVIDIA H100 80GB HBM3'],
  vendor: 'nvidia',
  memoryGib: 79.19,
  bandwidthGbs: 3350,
  tflops: { bf16: 989, fp16: 989, fp8: 1979 },
  interconnect: { type: 'nvlink', bandwidthGbs: 450 },
  priceUsdHour: 2.5,
};

test('Llama-3.1-8B bf16 weights are ~14.96 GiB plus the 32 MiB rotary cache', () => {
  const w = weightsPerGpu(llama8b, 1, 1, 2, undefined);
  assert.ok(Math.abs(w.bytesPerGpu / GIB - 14.99) < 0.02, `got ${(w.bytesPerGpu / GIB).toFixed(3)} GiB`);
});

test('tensor parallel 2 halves the weights per GPU (vocab-sharded embeddings included)', () => {
  const one = weightsPerGpu(llama8b, 1, 1, 2, undefined).bytesPerGpu;
  const two = weightsPerGpu(llama8b, 2, 1, 2, undefined).bytesPerGpu;
  const rope = 131072 * 128 * 2;
  assert.ok(Math.abs((two - rope) * 2 - (one - rope)) / one < 0.01);
});

test('tied embeddings are counted once', () => {
  const untied = weightsPerGpu({ ...llama8b, paramsTotal: undefined }, 1, 1, 2, undefined).bytesPerGpu;
  const tied = weightsPerGpu({ ...llama8b, paramsTotal: undefined, tieWordEmbeddings: true }, 1, 1, 2, undefined).bytesPerGpu;
  assert.equal(untied - tied, 128256 * 4096 * 2);
});

test('Gemma-2-9B bf16 weighs 17.22 GiB: vLLM takes Gemma logits from embed_tokens even when the row omits tie_word_embeddings', () => {
  // A config.json without the key reads as untied; vllm/model_executor/models/gemma2.py ties anyway. No paramsTotal:
  // a known total would rescale the layers and hide a double-counted head.
  const gemma2_9b: ModelArch = {
    id: 'fixture/gemma-2-9b',
    architecture: 'Gemma2ForCausalLM',
    torchDtype: 'bfloat16',
    hiddenSize: 3584,
    numLayers: 42,
    numHeads: 16,
    numKvHeads: 8,
    headDim: 256,
    intermediateSize: 14336,
    vocabSize: 256000,
    maxPositionEmbeddings: 8192,
    tieWordEmbeddings: false,
  };
  // Per layer: q,o 2·3584·16·256 = 29,360,128 + k,v 2·3584·8·256 = 14,680,064 + MLP 3·3584·14336 = 154,140,672
  // = 198,180,864; × 42 = 8,323,596,288; + embedding 256000·3584 = 917,504,000 once = 9,241,100,288 params.
  // bf16: 18,482,200,576 B + rotary cache 8192·256·2 = 4,194,304 B = 18,486,394,880 B = 17.217 GiB
  // (counting an lm_head too gave 20,321,402,880 B = 18.93 GiB).
  assert.equal(weightsPerGpu(gemma2_9b, 1, 1, 2, undefined).bytesPerGpu, 18486394880);
});

test("Command-R's config.json has no tie_word_embeddings; its 35B weights are 65.16 GiB in bf16, the embedding once", () => {
  const arch = archFromHfConfig(
    {
      architectures: ['CohereForCausalLM'],
      model_type: 'cohere',
      hidden_size: 8192,
      intermediate_size: 22528,
      max_position_embeddings: 8192,
      num_attention_heads: 64,
      num_hidden_layers: 40,
      num_key_value_heads: 64,
      torch_dtype: 'bfloat16',
      vocab_size: 256000,
    },
    'CohereForAI/c4ai-command-r-v01',
  );
  assert.ok(typeof arch !== 'string');
  // Per layer: attention 4·8192² = 268,435,456 + MLP 3·8192·22528 = 553,648,128 = 822,083,584; × 40 = 32,883,343,360
  // + embedding 256000·8192 = 2,097,152,000 = 34,980,495,360 params → 69,960,990,720 B + rotary 8192·128·2 = 2,097,152 B
  // = 69,963,087,872 B = 65.158 GiB (vllm/model_executor/models/commandr.py never loads lm_head.weight).
  assert.equal(weightsPerGpu(arch, 1, 1, 2, undefined).bytesPerGpu, 69963087872);
});

test('StarCoder2-7B has a two-matrix MLP (c_fc, c_proj): 13.36 GiB in bf16, not 18.4', () => {
  const sc2: ModelArch = {
    id: 'fixture/starcoder2-7b',
    architecture: 'Starcoder2ForCausalLM',
    paramsTotal: 7172259840,
    torchDtype: 'bfloat16',
    hiddenSize: 4608,
    numLayers: 32,
    numHeads: 36,
    numKvHeads: 4,
    headDim: 128,
    intermediateSize: 18432,
    vocabSize: 49152,
    maxPositionEmbeddings: 16384,
    tieWordEmbeddings: true,
  };
  // Per layer: q,o 2·4608² = 42,467,328 + k,v 2·4608·512 = 4,718,592 + MLP 2·4608·18432 = 169,869,312 = 217,055,232;
  // × 32 = 6,945,767,424 + tied embedding 49152·4608 = 226,492,416 = 7,172,259,840 params (bigcode's 7.17B)
  // → 14,344,519,680 B + rotary 16384·128·2 = 4,194,304 B = 14,348,713,984 B = 13.363 GiB.
  assert.equal(weightsPerGpu(sc2, 1, 1, 2, undefined).bytesPerGpu, 14348713984);
});

test('4-bit AWQ/GPTQ costs half a byte plus group scales and zeros; fp8 one byte', () => {
  assert.ok(Math.abs(quantBytesPerWeight({ method: 'awq', bits: 4, groupSize: 128 }, 2) - (0.5 + 2.5 / 128)) < 1e-9);
  assert.equal(quantBytesPerWeight({ method: 'fp8', bits: 8 }, 2), 1);
  assert.equal(quantBytesPerWeight(undefined, 2), 2);
  const awq = weightsPerGpu({ ...llama8b, quantization: { method: 'awq', bits: 4, groupSize: 128 } }, 1, 1, 2, { method: 'awq', bits: 4, groupSize: 128 });
  // Linear layers shrink ~4x but embeddings and lm_head stay 16-bit (~1.96 GiB).
  assert.ok(awq.bytesPerGpu / GIB > 5.3 && awq.bytesPerGpu / GIB < 5.7, `got ${(awq.bytesPerGpu / GIB).toFixed(2)}`);
});

test("Meta's FP8 405B: only the MLPs of layers 1-124 are fp8, so 8 GPUs hold 56.74 GiB each", () => {
  const l405: ModelArch = {
    id: 'fixture/llama-3.1-405b',
    architecture: 'LlamaForCausalLM',
    torchDtype: 'bfloat16',
    hiddenSize: 16384,
    numLayers: 126,
    numHeads: 128,
    numKvHeads: 8,
    headDim: 128,
    intermediateSize: 53248,
    vocabSize: 128256,
    maxPositionEmbeddings: 131072,
    tieWordEmbeddings: false,
  };
  const q = { method: 'fbgemm_fp8', bits: 8, unquantizedLayers: 2 } as const;
  const w = weightsPerGpu(l405, 8, 1, 2, q);
  // bf16: 126 × 570,425,344 attention + 2 × 2,617,245,696 MLP + 2 × 128256 × 16384 ends; fp8: 124 MLPs.
  const total = 2 * (126 * 570425344 + 2 * 2617245696 + 2 * 128256 * 16384) + 124 * 2617245696;
  assert.equal(w.totalBytes, total);
  // Meta's fp8_mixed checkpoint is 8 × 60,903,742,309 bytes with its fp32 scales: within 0.02%.
  assert.ok(Math.abs(total / (8 * 60903742309) - 1) < 2e-4);
  const rope = 131072 * 128 * 2;
  assert.equal(w.bytesPerGpu, total / 8 + rope);
  assert.match(w.assumptions.join(' '), /MLPs only, 2 layers kept 16-bit/);
});

test('KV bytes per token: 2·8·128·32·2 = 131072 for Llama-3.1-8B, halved by TP 2 and by fp8', () => {
  const l = kvLayout(llama8b, 1, 1, 2);
  assert.equal(l.bytesPerTokenPerLayer * 32, 131072);
  assert.equal(kvLayout(llama8b, 2, 1, 2).bytesPerTokenPerLayer * 32, 65536);
  assert.equal(kvLayout(llama8b, 1, 1, 1).bytesPerTokenPerLayer * 32, 65536);
});

test('KV heads are replicated, not split, when TP exceeds them', () => {
  const l = kvLayout(llama8b, 16, 1, 2);
  assert.equal(l.kvHeadsPerGpu, 1);
  assert.equal(l.replicatedHeads, true);
  assert.equal(l.bytesPerTokenPerLayer, 2 * 1 * 128 * 2);
});

test('DeepSeek-V3 MLA caches (512+64)·61·2 bytes per token on every TP rank', () => {
  for (const tp of [1, 8]) {
    const l = kvLayout(deepseekV3, tp, 1, 2);
    assert.equal(l.bytesPerTokenPerLayer * 61, (512 + 64) * 61 * 2);
  }
});

test('blocks are 16 tokens and the token count is whole blocks', () => {
  const l = kvLayout(llama8b, 1, 1, 2);
  const cap = kvCapacity(l, 3.81 * GIB, 20000, 2048);
  assert.equal(BLOCK_SIZE, 16);
  assert.equal(cap.tokens % 16, 0);
  // vLLM issue #10517: 3.81 GiB of KV held 1952 blocks.
  assert.ok(Math.abs(cap.numBlocks - 1952) <= 2, `got ${cap.numBlocks}`);
});

test('sliding-window layers only hold the window: Gemma-3-style 5:1 hybrid needs far less per request', () => {
  const gemmaLike: ModelArch = { ...llama8b, numLayers: 48, slidingWindow: 1024, slidingLayers: 40, fullLayers: 8 };
  const hybrid = kvLayout(gemmaLike, 1, 1, 2);
  const full = kvLayout({ ...gemmaLike, slidingWindow: null }, 1, 1, 2);
  assert.equal(hybrid.groupSize, 8);
  assert.equal(hybrid.numGroups, 6);
  const need = kvBytesForOneRequest(hybrid, 131072, 8192);
  const needFull = kvBytesForOneRequest(full, 131072, 8192);
  assert.ok(need < needFull / 4, `hybrid ${need} vs full ${needFull}`);
});

test('an 8B model on an 80 GB GPU starts and reports per-GPU figures', () => {
  const e = estimate({ model: llama8b, gpu: h100, maxModelLen: 32768 });
  assert.equal(e.ok, true);
  const m = e.memory!;
  assert.equal(m.fits, true);
  assert.ok(m.kvCacheGib > 40 && m.kvCacheGib < 60, `kv ${m.kvCacheGib}`);
  assert.equal(m.kvCacheTokens, Math.floor((m.kvCacheGib * GIB) / (131072 * 16)) * 16);
  assert.ok(Math.abs(m.maxConcurrency - m.kvCacheTokens / 32768) < 0.01);
});

test('fp8 KV cache doubles the tokens the same memory holds', () => {
  const a = estimate({ model: llama8b, gpu: h100, maxModelLen: 32768 }).memory!;
  const b = estimate({ model: llama8b, gpu: h100, maxModelLen: 32768, kvCacheDtype: 'fp8' }).memory!;
  assert.ok(Math.abs(b.kvCacheTokens / a.kvCacheTokens - 2) < 0.001);
});

test('--dtype float32 keeps the KV cache in fp32 too: 262,144 bytes per token for Llama-3.1-8B', () => {
  // kv_cache_dtype auto follows the served dtype (vLLM V1 gpu_model_runner: kv_cache_dtype = self.dtype):
  // 2 (K,V) × 8 KV heads × 128 head_dim × 32 layers × 4 bytes = 262,144 B per token, twice bf16's 131,072.
  const m = estimate({ model: llama8b, gpu: h100, maxModelLen: 8192, dtype: 'float32' }).memory!;
  assert.equal(m.kvBytesPerToken, 262144);
  assert.equal(m.kvCacheTokens, Math.floor((m.kvCacheGib * GIB) / (262144 * 16)) * 16);
  // An explicit fp8 cache is one byte whatever the model dtype: 2 × 8 × 128 × 32 × 1 = 65,536.
  assert.equal(estimate({ model: llama8b, gpu: h100, maxModelLen: 8192, dtype: 'float32', kvCacheDtype: 'fp8' }).memory!.kvBytesPerToken, 65536);
});

test('70B bf16 on one 80 GB GPU fails: weights exceed the GPU', () => {
  const e = estimate({ model: llama70b, gpu: h100 });
  assert.equal(e.memory!.fits, false);
  assert.equal(e.memory!.problems[0]?.code, 'weights-exceed-gpu');
});

test('70B bf16 at TP 2 loads but has no room for KV at the default utilization', () => {
  const m = estimate({ model: llama70b, gpu: h100, tensorParallel: 2 }).memory!;
  assert.equal(m.fits, false);
  assert.ok(m.problems.some((p) => p.code === 'no-kv-memory' || p.code === 'max-len-exceeds-kv'));
});

test('max_model_len too long for the KV cache names the largest length that fits', () => {
  const m = estimate({ model: llama70b, gpu: h100, tensorParallel: 4, gpuMemoryUtilization: 0.5, maxModelLen: 131072 }).memory!;
  const p = m.problems.find((x) => x.code === 'max-len-exceeds-kv');
  assert.ok(p, JSON.stringify(m.problems));
  assert.equal(p.setting, 'max_model_len');
  assert.ok(p.maxModelLenThatFits! > 0 && p.maxModelLenThatFits! < 131072);
  assert.match(p.message, /larger than the maximum number of tokens that can be stored in KV cache/);
  // The length it names does fit.
  const again = estimate({ model: llama70b, gpu: h100, tensorParallel: 4, gpuMemoryUtilization: 0.5, maxModelLen: p.maxModelLenThatFits! }).memory!;
  assert.equal(again.fits, true);
});

test('max_model_len beyond max_position_embeddings is refused unless allowed', () => {
  const m = estimate({ model: llama8b, gpu: h100, maxModelLen: 262144 }).memory!;
  assert.ok(m.problems.some((p) => p.code === 'max-len-exceeds-model'));
  const ok = estimate({ model: llama8b, gpu: h100, maxModelLen: 262144, allowLongMaxModelLen: true }).memory!;
  assert.ok(!ok.problems.some((p) => p.code === 'max-len-exceeds-model'));
});

test('tensor_parallel_size must divide the attention heads', () => {
  const m = estimate({ model: llama8b, gpu: h100, tensorParallel: 3 }).memory!;
  assert.ok(m.problems.some((p) => p.code === 'tp-heads-indivisible'));
  assert.equal(m.fits, false);
});

test('a larger profile batch leaves less KV memory once the forward outgrows the sampler', () => {
  const small = estimate({ model: llama8b, gpu: h100, maxModelLen: 32768, maxNumSeqs: 256, maxNumBatchedTokens: 2048 }).memory!;
  const large = estimate({ model: llama8b, gpu: h100, maxModelLen: 32768, maxNumSeqs: 256, maxNumBatchedTokens: 32768 }).memory!;
  assert.ok(large.activationGib > small.activationGib + 2);
  assert.ok(large.kvCacheTokens < small.kvCacheTokens);
});

test('the V1 profile peak is the larger of the forward and the sampler, not their sum', () => {
  // 1024 sampled rows × 128,256 vocab × 4 bytes × 9.6 copies ≈ 4.70 GiB, plus 2048 × 4096 × 2 bytes of hidden states.
  const sampler = (1024 * 128256 * 4 * 9.6 + 2048 * 4096 * 2) / GIB;
  const m = estimate({ model: llama8b, gpu: h100, maxModelLen: 32768, maxNumSeqs: 1024, maxNumBatchedTokens: 2048 }).memory!;
  assert.ok(Math.abs(m.activationGib - sampler) < 1e-9, `${m.activationGib} vs ${sampler}`);
  // Doubling the forward's tokens while it stays below the sampler leaves the peak almost where it was.
  const twice = estimate({ model: llama8b, gpu: h100, maxModelLen: 32768, maxNumSeqs: 1024, maxNumBatchedTokens: 4096 }).memory!;
  assert.ok(twice.activationGib - m.activationGib < 0.02);
});

test('V1 sampler warm-up: Llama-3.1-8B on an H100 at 0.99 runs out of memory after the KV cache is allocated', () => {
  // Hand-checked: headroom 0.01 × 79.19 = 0.79 GiB; the profile peak is the sampler's
  // 1024 × 128,256 × 4 B × 9.6 = 4.70 GiB + 8192 × 4096 × 2 B hidden = 4.76 GiB (freed before the
  // KV cache is sized); graphs 32 × 0.025 = 0.80 GiB, context 0.5 GiB → 4.25 GiB free against
  // 4.70 + 1024 × 4096 × 2 B = 4.705 GiB needed.
  const m = estimate({ model: llama8b, gpu: h100, maxModelLen: 8192, gpuMemoryUtilization: 0.99 }).memory!;
  const p = m.problems.find((x) => x.code === 'sampler-warmup-oom');
  assert.ok(p, JSON.stringify(m.problems));
  assert.equal(p.severity, 'error');
  assert.equal(m.fits, false);
  assert.match(p.message, /needs ~4\.70 GiB .* only ~4\.25 GiB is free/);
  assert.match(p.message, /warming up sampler with 1024 dummy requests/);
  assert.ok(!m.problems.some((x) => x.code === 'cuda-graph-headroom'), 'the error replaces the graph warning');
  // Below ~145 sequences the forward (0.84 GiB at 8192 tokens) sets the profile peak and the
  // sampler fits in it plus the headroom: n = 140 fits, 150 does not (0.64 vs 0.69 GiB).
  const n = p.maxNumSeqsThatFits!;
  assert.ok(n >= 140 && n < 150, `max_num_seqs that fits: ${n}`);
  const at = estimate({ model: llama8b, gpu: h100, maxModelLen: 8192, gpuMemoryUtilization: 0.99, maxNumSeqs: n }).memory!;
  assert.equal(at.problems.some((x) => x.code === 'sampler-warmup-oom'), false);
  const above = estimate({ model: llama8b, gpu: h100, maxModelLen: 8192, gpuMemoryUtilization: 0.99, maxNumSeqs: n + 1 }).memory!;
  assert.equal(above.problems.some((x) => x.code === 'sampler-warmup-oom'), true);
});

test('V1 sampler warm-up fits at 0.98, and releases before 0.8.0 and V0 never run it', () => {
  const at098 = estimate({ model: llama8b, gpu: h100, maxModelLen: 8192, gpuMemoryUtilization: 0.98 }).memory!;
  assert.equal(at098.problems.some((x) => x.code === 'sampler-warmup-oom'), false);
  for (const extra of [{ vllmVersion: '0.7.1' }, { engine: 'v0' as const }]) {
    const m = estimate({ model: llama8b, gpu: h100, maxModelLen: 8192, gpuMemoryUtilization: 0.99, ...extra }).memory!;
    assert.equal(m.problems.some((x) => x.code === 'sampler-warmup-oom'), false, JSON.stringify(extra));
  }
  const m080 = estimate({ model: llama8b, gpu: h100, maxModelLen: 8192, gpuMemoryUtilization: 0.99, vllmVersion: '0.8.0' }).memory!;
  assert.equal(m080.problems.some((x) => x.code === 'sampler-warmup-oom'), true);
});

test('from vLLM 0.21.0 the CUDA graphs are profiled inside the budget, so the warm-up at 0.99 keeps 5.05 GiB free', () => {
  // 0.79 GiB headroom + 4.76 GiB profile peak − 0.5 GiB context = 5.05 GiB ≥ 4.705 GiB: it starts.
  const m = estimate({ model: llama8b, gpu: h100, maxModelLen: 8192, gpuMemoryUtilization: 0.99, vllmVersion: '0.21.0' }).memory!;
  assert.equal(m.problems.some((x) => x.code === 'sampler-warmup-oom'), false, JSON.stringify(m.problems));
  assert.equal(m.problems.some((x) => x.code === 'cuda-graph-headroom'), false);
  // 0.20.x still takes the graphs from the headroom.
  const m020 = estimate({ model: llama8b, gpu: h100, maxModelLen: 8192, gpuMemoryUtilization: 0.99, vllmVersion: '0.20.1' }).memory!;
  assert.equal(m020.problems.some((x) => x.code === 'sampler-warmup-oom'), true);
});
