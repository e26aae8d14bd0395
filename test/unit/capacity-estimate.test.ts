/**
 * The estimate entry point as its consumers see it: unknown inputs, the CLI
 * `--json` report, the biggest lever, throughput/latency behaviour, cost, and
 * GPU name resolution.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimate } from '../../server/src/core/capacity/estimate';
import { toJsonReport } from '../../server/src/core/capacity/jsonReport';
import { biggestLever } from '../../server/src/core/capacity/levers';
import { gpuPrice, normalizeGpuName, resolveGpu } from '../../server/src/core/capacity/gpus';
import type { EstimateInput, GpuSpec, ModelArch } from '../../server/src/core/capacity/types';

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

const llama70b: ModelArch = { ...llama8b, id: 'fixture/llama-3.1-70b', paramsTotal: 70553706496, hiddenSize: 8192, numLayers: 80, numHeads: 64, intermediateSize: 28672 };

const catalog: GpuSpec[] = [
  { id: 'H100-SXM-80GB', names: ['NVIDIA H100 80GB HBM3', 'H100'], vendor: 'nvidia', memoryGib: 79.19, memoryGbMarketing: 80, bandwidthGbs: 3350, tflops: { bf16: 989, fp8: 1979 }, interconnect: { type: 'nvlink', bandwidthGbs: 450 }, priceUsdHour: 2.5 },
  { id: 'H100-PCIE-80GB', names: ['NVIDIA H100 PCIe'], vendor: 'nvidia', memoryGib: 79.19, memoryGbMarketing: 80, bandwidthGbs: 2000, tflops: { bf16: 756 }, interconnect: { type: 'pcie', bandwidthGbs: 64 } },
  { id: 'A100-SXM4-80GB', names: ['NVIDIA A100-SXM4-80GB'], vendor: 'nvidia', memoryGib: 79.15, memoryGbMarketing: 80, bandwidthGbs: 2039, tflops: { bf16: 312 }, priceUsdHour: 1.8 },
  { id: 'A100-SXM4-40GB', names: ['NVIDIA A100-SXM4-40GB'], vendor: 'nvidia', memoryGib: 39.39, memoryGbMarketing: 40, bandwidthGbs: 1555, tflops: { bf16: 312 } },
  { id: 'T4', names: ['Tesla T4'], vendor: 'nvidia', memoryGib: 14.58, memoryGbMarketing: 16, bandwidthGbs: 320, tflops: { fp16: 65 } },
];
const ctx = { gpus: catalog };
const base: EstimateInput = { model: llama8b, gpu: 'H100', maxModelLen: 32768 };

test('GPU names resolve across nvidia-smi, Ray and BentoML spellings', () => {
  assert.equal(resolveGpu('NVIDIA H100 80GB HBM3', catalog)?.id, 'H100-SXM-80GB');
  assert.equal(resolveGpu('h100-sxm-80gb', catalog)?.id, 'H100-SXM-80GB');
  assert.equal(resolveGpu('H100', catalog)?.id, 'H100-SXM-80GB', 'bare name prefers SXM');
  assert.equal(resolveGpu('A100-80G', catalog)?.id, 'A100-SXM4-80GB', "Ray's accelerator type");
  assert.equal(resolveGpu('nvidia-tesla-t4', catalog)?.id, 'T4', "BentoML's gpu type");
  assert.equal(resolveGpu('nvidia a100 sxm4 40gb', catalog)?.id, 'A100-SXM4-40GB');
  assert.equal(resolveGpu('Z9000', catalog), undefined);
  assert.equal(normalizeGpuName('NVIDIA A100-80G'), 'a10080gb');
});

test('a price from settings beats the catalog, keyed by any name of the GPU', () => {
  const h100 = catalog[0]!;
  assert.deepEqual(gpuPrice(h100, {}, catalog), { usdPerHour: 2.5, source: 'catalog' });
  assert.deepEqual(gpuPrice(h100, { 'NVIDIA H100 80GB HBM3': 1.9 }, catalog), { usdPerHour: 1.9, source: 'setting' });
  assert.deepEqual(gpuPrice(catalog[1]!, {}, catalog), { usdPerHour: null, source: 'unknown' });
});

test('an unknown GPU yields an estimate that names the setting, without throwing', () => {
  const e = estimate({ ...base, gpu: 'Z9000' }, ctx);
  assert.equal(e.ok, false);
  assert.equal(e.unknown?.[0]?.what, 'gpu');
  assert.equal(e.unknown?.[0]?.setting, 'servescope.hardware.gpu');
  assert.equal(e.memory, undefined);
});

test('an unknown model yields an estimate that says why', () => {
  const e = estimate({ ...base, model: 'acme/never-heard-of-it' }, { ...ctx, models: { noFilesystem: true } });
  assert.equal(e.ok, false);
  assert.equal(e.unknown?.[0]?.what, 'model');
  assert.match(e.unknown![0]!.message, /acme\/never-heard-of-it/);
});

test('garbage input never throws', () => {
  const inputs: unknown[] = [
    { model: '', gpu: '' },
    { model: llama8b, gpu: 'H100', gpuMemoryUtilization: 7 },
    { model: llama8b, gpu: 'H100', tensorParallel: -3, maxModelLen: -1 },
    { model: { ...llama8b, numHeads: 0 }, gpu: 'H100' },
  ];
  for (const i of inputs) {
    assert.doesNotThrow(() => estimate(i as EstimateInput, ctx));
    assert.doesNotThrow(() => toJsonReport(estimate(i as EstimateInput, ctx)));
  }
  assert.equal(estimate({ ...base, gpuMemoryUtilization: 7 }, ctx).ok, false);
});

test('the --json report carries the per-GPU fields the CLI contract names', () => {
  const r = toJsonReport(estimate({ ...base, workload: { inputLen: 1000, outputLen: 200, concurrency: 16 } }, ctx));
  for (const k of ['weights_gib', 'activation_gib', 'non_torch_gib', 'kv_cache_gib', 'kv_cache_tokens', 'max_concurrency', 'fits', 'output_tok_s', 'ttft_ms', 'tpot_ms', 'cost_per_1m_output_usd'] as const) {
    assert.ok(r[k] !== undefined, `missing ${k}`);
  }
  assert.equal(r.fits, true);
  assert.equal(r.gpu, 'H100-SXM-80GB');
  assert.ok(Number.isInteger(r.kv_cache_tokens));
  assert.ok((r.cost_per_1m_output_usd ?? 0) > 0);
});

test('decode is memory-bound at concurrency 1 and TPOT grows with concurrency while throughput rises', () => {
  const at = (c: number) => estimate({ ...base, workload: { inputLen: 1000, outputLen: 200, concurrency: c } }, ctx).throughput!;
  const one = at(1);
  const many = at(64);
  assert.equal(one.bound, 'memory');
  // 16 GB of weights at 3.35 TB/s: a few milliseconds per token.
  assert.ok(one.tpotMs > 4 && one.tpotMs < 10, `tpot ${one.tpotMs}`);
  assert.ok(many.tpotMs > one.tpotMs);
  assert.ok(many.outputTokS > 10 * one.outputTokS);
});

test('a 0.6B model is latency-bound at concurrency 1: 28 layers × 0.13 ms plus the 0.6 ms step, not its 2 ms of weights', () => {
  const tiny: ModelArch = { ...llama8b, id: 'fixture/qwen3-0.6b', paramsTotal: 596049920, hiddenSize: 1024, numLayers: 28, numHeads: 16, numKvHeads: 8, intermediateSize: 3072, vocabSize: 151936, maxPositionEmbeddings: 40960, tieWordEmbeddings: true };
  const e = estimate({ model: tiny, gpu: 'A100-SXM4-80GB', workload: { inputLen: 128, outputLen: 128, concurrency: 1 } }, ctx);
  const t = e.throughput!;
  assert.equal(t.bound, 'latency');
  // 28 × 0.13 + 0.6 + 0.012 per running sequence.
  assert.ok(Math.abs(t.tpotMs - (28 * 0.13 + 0.6 + 0.012)) < 0.01, `tpot ${t.tpotMs}`);
  assert.match(t.assumptions.join(' '), /latency-bound/);
  // The legacy V0 engine paid its CPU step on top, per layer.
  const v0 = estimate({ model: tiny, gpu: 'A100-SXM4-80GB', engine: 'v0', workload: { inputLen: 128, outputLen: 128, concurrency: 1 } }, ctx).throughput!;
  assert.ok(Math.abs(v0.tpotMs - t.tpotMs - 28 * 0.04) < 0.01, `v0 ${v0.tpotMs}`);
});

test('KV capacity caps the running batch and the rest queue (TTFT takes off)', () => {
  const small = { ...base, gpuMemoryUtilization: 0.35, maxModelLen: 8192 };
  const e = estimate({ ...small, workload: { inputLen: 4000, outputLen: 4000, concurrency: 256 } }, ctx);
  const t = e.throughput!;
  assert.ok(t.runningBatch < 256);
  assert.ok(t.runningBatch <= Math.floor(e.memory!.kvCacheTokens / 8000));
  const unqueued = estimate({ ...small, workload: { inputLen: 4000, outputLen: 4000, concurrency: t.runningBatch } }, ctx).throughput!;
  assert.ok(t.ttftMs > 5 * unqueued.ttftMs, `${t.ttftMs} vs ${unqueued.ttftMs}`);
});

test('cost: GPUs × price, and dollars per million output tokens from the throughput', () => {
  const e = estimate({ ...base, tensorParallel: 2, workload: { inputLen: 500, outputLen: 500, concurrency: 32 } }, ctx);
  assert.equal(e.cost?.usdPerHour, 5);
  const expected = (5 / 3600 / e.throughput!.outputTokS) * 1e6;
  assert.ok(Math.abs((e.cost!.usdPer1mOutputTokens ?? 0) - expected) < 1e-9);
  const overridden = estimate({ ...base, priceOverride: 1, workload: { inputLen: 500, outputLen: 500, concurrency: 32 } }, ctx);
  assert.equal(overridden.cost?.usdPerHour, 1);
});

test('biggest lever for a model that does not fit is a change that makes it start, found by re-running', () => {
  const input: EstimateInput = { model: llama70b, gpu: 'H100' };
  const lever = biggestLever(input, undefined, ctx);
  assert.ok(lever, 'a lever is found');
  const after = estimate({ ...input, ...lever.change }, ctx);
  assert.equal(after.memory?.fits, true, lever.message);
  assert.equal(lever.after.fits, true);
  assert.equal(lever.before.fits, false);
});

test('biggest lever without a workload: fp8 KV cache doubles concurrency', () => {
  const lever = biggestLever({ ...base, quantization: 'fp8', gpuMemoryUtilization: 0.95 }, undefined, ctx);
  assert.ok(lever);
  assert.equal(lever.setting, 'kv_cache_dtype');
  assert.match(lever.message, /double concurrency/);
});

test('biggest lever when the sampler warm-up runs out of memory is fewer sequences: max_num_seqs 144 at 0.99 on an H100', () => {
  const input: EstimateInput = { ...base, maxModelLen: 8192, gpuMemoryUtilization: 0.99 };
  const cur = estimate(input, ctx);
  assert.ok(cur.memory?.problems.some((p) => p.code === 'sampler-warmup-oom'));
  const lever = biggestLever(input, cur, ctx);
  assert.ok(lever);
  assert.equal(lever.setting, 'max_num_seqs');
  assert.equal(lever.value, 144);
  assert.equal(lever.after.fits, true);
  assert.match(lever.message, /max_num_seqs 144 would let the server start/);
});
