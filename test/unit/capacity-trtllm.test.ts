/**
 * Triton's two LLM backends as the capacity model sees them: the vLLM backend's
 * engine arguments read from `<version>/model.json`, and a TensorRT-LLM engine
 * sized the way its runtime sizes the KV cache (a fraction of the memory left
 * free after the engine loads, capped by max_tokens_in_paged_kv_cache, in whole
 * blocks).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { engineFromConfigJson, type TrtllmEngine } from '../../server/src/core/capacity/trtllmEngine';
import { estimateTrtllmMemory } from '../../server/src/core/capacity/trtllm';
import { weightsPerGpu } from '../../server/src/core/capacity/weights';
import { resolveGpu } from '../../server/src/core/capacity/gpus';
import { DISK_HOST } from '../../server/src/diskHost';
import { fixesFor } from '../../server/src/core/editing/fixes';

const GIB = 1024 ** 3;
const ROOT = path.resolve(__dirname, '..', '..');
const REPO = path.join(ROOT, 'examples', 'triton', 'model_repository');
const engineJson = JSON.parse(fs.readFileSync(path.join(REPO, 'llama_trtllm', 'engine', 'config.json'), 'utf8'));

test("an engine's config.json gives the shape, quantization, mapping and build limits", () => {
  const e = engineFromConfigJson(engineJson, 'engine/config.json') as TrtllmEngine;
  assert.notEqual(typeof e, 'string');
  assert.equal(e.arch.hiddenSize, 4096);
  assert.equal(e.arch.numKvHeads, 8);
  assert.equal(e.arch.headDim, 128);
  assert.deepEqual(e.quant, { method: 'awq', bits: 4, groupSize: 128 });
  assert.equal(e.tp, 2);
  assert.equal(e.maxSeqLen, 8000);
  assert.equal(e.maxBatchSize, 64);
  assert.equal(e.tokensPerBlock, 64);
  assert.equal(e.kvDtypeBytes, 2);
  assert.match(String(engineFromConfigJson({ foo: 1 }, 'x/config.json')), /not a TensorRT-LLM engine config/);
  const fp8kv = engineFromConfigJson({ ...engineJson, pretrained_config: { ...engineJson.pretrained_config, quantization: { quant_algo: 'FP8', kv_cache_quant_algo: 'FP8' } } }, 'e') as TrtllmEngine;
  assert.equal(fp8kv.kvDtypeBytes, 1);
  assert.equal(fp8kv.quant?.method, 'fp8');
  const mixtral = engineFromConfigJson({ ...engineJson, pretrained_config: { ...engineJson.pretrained_config, moe: { num_experts: 8, top_k: 2 } } }, 'e') as TrtllmEngine;
  assert.deepEqual([mixtral.arch.moe?.numExperts, mixtral.arch.moe?.expertsPerToken, mixtral.arch.moe?.moeIntermediateSize], [8, 2, 14336]);
  const older = engineFromConfigJson({ ...engineJson, pretrained_config: { ...engineJson.pretrained_config, moe_num_experts: 8, moe_top_k: 2 } }, 'e') as TrtllmEngine;
  assert.equal(older.arch.moe?.numExperts, 8);
});

test('KV tokens = whole blocks of fraction × (total − weights − runtime) / bytes per token, capped by max_tokens_in_paged_kv_cache', () => {
  const e = engineFromConfigJson(engineJson, 'engine/config.json') as TrtllmEngine;
  const gpu = resolveGpu('H100')!;
  const cfg = { arch: e.arch, gpu, tp: 2, pp: 1, maxBatchSize: 64, maxSeqLen: 8000, tokensPerBlock: 64, dtypeBytes: 2, quant: e.quant, kvDtypeBytes: 2 };
  const m = estimateTrtllmMemory(cfg);
  const weights = weightsPerGpu(e.arch, 2, 1, 2, e.quant).bytesPerGpu;
  // 32 layers × 2 (K, V) × 4 KV heads per rank × 128 × 2 bytes = 65,536 bytes per token.
  assert.equal(m.kvBytesPerToken, 65536);
  const free = gpu.memoryGib * GIB - weights - 2.45 * GIB;
  const expected = Math.ceil(Math.floor((free * 0.9) / 65536) / 64) * 64;
  assert.equal(m.kvCacheTokens, expected);
  assert.equal(m.kvCacheTokens % 64, 0);
  assert.ok(m.fits);
  assert.match(m.assumptions.join(' '), /max_batch_size 64 caps concurrency/);
  const capped = estimateTrtllmMemory({ ...cfg, maxTokens: 100_000 });
  assert.equal(capped.kvCacheTokens, Math.ceil(100_000 / 64) * 64);
  const lowFraction = estimateTrtllmMemory({ ...cfg, freeMemFraction: 0.45 });
  assert.ok(Math.abs(lowFraction.kvCacheTokens / m.kvCacheTokens - 0.5) < 0.001);
});

test('a cache smaller than max_seq_len is a warning (the runtime shrinks the window), weights beyond the GPU an error', () => {
  const e = engineFromConfigJson(engineJson, 'engine/config.json') as TrtllmEngine;
  const gpu = resolveGpu('H100')!;
  const small = estimateTrtllmMemory({ arch: e.arch, gpu, tp: 2, pp: 1, maxSeqLen: 8000, dtypeBytes: 2, quant: e.quant, kvDtypeBytes: 2, maxTokens: 4000 });
  assert.ok(small.fits);
  assert.equal(small.problems[0]?.code, 'max-len-exceeds-kv');
  assert.equal(small.problems[0]?.severity, 'warning');
  const huge = estimateTrtllmMemory({ arch: { ...e.arch, numLayers: 2000 }, gpu, tp: 1, pp: 1, maxSeqLen: 8000, dtypeBytes: 2, kvDtypeBytes: 2 });
  assert.equal(huge.fits, false);
  assert.equal(huge.problems[0]?.code, 'weights-exceed-gpu');
});

const analyzed = (dir: string, companions?: Record<string, string>) => {
  const file = path.join(REPO, dir, 'config.pbtxt');
  const text = fs.readFileSync(file, 'utf8');
  return { text, a: analyze({ uri: `file://${file}`, text, companions, host: DISK_HOST }) };
};

test("Triton's vLLM backend: 1/model.json feeds the estimate and its findings anchor on the backend line, naming the file", () => {
  const { text, a } = analyzed('llama_vllm');
  const pe = a.estimates[0];
  assert.equal(pe.deployment.argsFile, '1/model.json');
  assert.equal(pe.input?.model, 'meta-llama/Llama-3.1-8B-Instruct');
  assert.equal(pe.input?.gpuMemoryUtilization, 0.85);
  assert.equal(pe.input?.maxModelLen, 32768);
  const f = a.findings.find((x) => x.code === 'capacity/kv-cache-too-small');
  assert.ok(f, JSON.stringify(a.findings.map((x) => x.code)));
  assert.match(f.message, /^In 1\/model\.json: KV cache holds [\d,]+ tokens; max_model_len is 32,768\./);
  assert.equal(text.slice(f.range.start, f.range.end), 'backend');
  // Fixes that would edit max_model_len have nowhere to go in config.pbtxt; only edit-free actions may remain.
  const edits = fixesFor(f, a).flatMap((x) => x.edits ?? []);
  assert.deepEqual(edits, [], 'no edit may land in config.pbtxt for a setting that lives in model.json');
});

test('the newest version directory wins, and a missing or broken model.json says what is lacking', () => {
  const { a: newest } = analyzed('llama_vllm', { '1/model.json': '{"model": "meta-llama/Llama-3.1-8B-Instruct"}', '3/model.json': '{"model": "Qwen/Qwen2.5-7B-Instruct"}' });
  assert.equal(newest.estimates[0].input?.model, 'Qwen/Qwen2.5-7B-Instruct');
  const { a: none } = analyzed('llama_vllm', {});
  assert.match(none.estimates[0].missing.join(' '), /<version>\/model\.json/);
  const { a: broken } = analyzed('llama_vllm', { '1/model.json': '{"model": ' });
  assert.match(broken.estimates[0].missing.join(' '), /1\/model\.json is not valid JSON/);
  assert.equal(broken.findings.filter((x) => x.severity === 'error').length, 0);
});

test('TensorRT-LLM: the engine config under gpt_model_path is read, ${...} placeholders count as unset', () => {
  const { a } = analyzed('llama_trtllm');
  const pe = a.estimates[0];
  assert.ok(pe.estimate?.ok, JSON.stringify(pe.missing));
  assert.equal(pe.input?.trtllm?.freeMemFraction, 0.9);
  assert.equal(pe.input?.trtllm?.maxTokensInPagedKvCache, undefined);
  assert.equal(pe.estimate?.tensorParallel, 2);
  assert.equal(pe.estimate?.throughput, undefined);
  assert.match(pe.estimate!.assumptions.join(' '), /not estimated for TensorRT-LLM/);
  const { a: lost } = analyzed('llama_trtllm', {});
  assert.match(lost.estimates[0].missing.join(' '), /engine\/config\.json was not found/);
});
