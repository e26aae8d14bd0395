/**
 * The scheduler simulation on cases small enough to check by hand, and against
 * the capacity model it is driven by.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineModel } from '../../server/src/core/capacity/estimate';
import type { StepModel } from '../../server/src/core/capacity/throughput';
import { sampleRequests, simulate, type EngineShape, type RequestSample } from '../../server/src/core/planner/simulate';
import { sustainableRps } from '../../server/src/core/planner/plan';

/** Every step takes 10 ms, whatever it runs: latencies become step counts. */
const flat: StepModel = { step: () => ({ seconds: 0.01, bound: 'memory' }) };
const engine = (over: Partial<EngineShape> = {}): EngineShape => ({ step: flat, pp: 1, maxNumSeqs: 256, maxNumBatchedTokens: 1000, chunkedPrefill: true, kvCacheTokens: 100_000, maxModelLen: 100_000, ...over });

/** Requests arriving `gapS` apart with the given lengths (no randomness). */
function fixed(prompts: number[], outputs: number[], gapS: number): RequestSample {
  const n = prompts.length;
  return { unitGaps: Float64Array.from({ length: n }, (_, i) => (i === 0 ? 0.001 : gapS)), prompt: Int32Array.from(prompts), output: Int32Array.from(outputs), cached: new Int32Array(n) };
}

test('one request alone: TTFT is one prefill step plus half a step at the front end; TPOT is one step', () => {
  const r = simulate(engine(), fixed([100], [5], 1), 1, { trim: 0 });
  // prefill step 10 ms + front end 0.5 × 10 ms = 15 ms; then 4 decode steps of 10 ms.
  assert.equal(r.measured, 1);
  assert.ok(Math.abs(r.ttftMs.p50 - 15) < 1e-6, String(r.ttftMs.p50));
  assert.ok(Math.abs(r.tpotMs.p50 - 10) < 1e-6, String(r.tpotMs.p50));
  assert.ok(Math.abs(r.e2eMs.p50 - 55) < 1e-6, String(r.e2eMs.p50));
  assert.equal(r.preemptions, 0);
});

test('a prompt longer than the token budget is prefilled in chunks, one per step', () => {
  const r = simulate(engine(), fixed([2500], [2], 1), 1, { trim: 0 });
  // 1000 + 1000 + 500 tokens: three steps, then the front end's 5 ms.
  assert.ok(Math.abs(r.ttftMs.p50 - 35) < 1e-6, String(r.ttftMs.p50));
});

test('max_num_seqs 1 serialises: the second request waits for the whole first one', () => {
  const r = simulate(engine({ maxNumSeqs: 1 }), fixed([10, 10], [3, 3], 0.0001), 1, { trim: 0 });
  // First: arrives at 1.0 ms, runs 3 steps (prefill + 2 decodes) to 31 ms; the second arrives at 1.1 ms
  // and is scheduled at 31 ms: waits 29.9 ms. Mean of the two waits: 14.95 ms.
  assert.equal(r.measured, 2);
  assert.ok(Math.abs(r.queueMs.mean - 14.95) < 1e-6, String(r.queueMs.mean));
});

test('a KV cache too small for two sequences preempts one and still finishes both', () => {
  // 4 blocks of 16 tokens; each request grows to 40 tokens (3 blocks), so both can't hold at once.
  const r = simulate(engine({ kvCacheTokens: 64 }), fixed([30, 30], [10, 10], 0.0001), 1, { trim: 0 });
  assert.equal(r.measured, 2);
  assert.ok(r.preemptions >= 1, `preemptions ${r.preemptions}`);
  assert.ok(r.peakKvUsage <= 1);
});

test('above saturation the queue grows without bound: longer runs wait longer, and the run says saturated', () => {
  const e = engine({ maxNumSeqs: 4 });
  const sample = sampleRequests({ input: { mean: 100 }, output: { mean: 20 } }, 100_000, { requests: 1600, seed: 1 });
  // 4 sequences × 1 token per 10 ms = 400 tok/s ≈ 19 req/s of 21 steps; arrive at 40 req/s.
  const waits = [400, 800, 1600].map((n) => simulate(e, sample, 40, { requests: n }));
  assert.ok(waits.every((w) => w.saturated));
  assert.ok(waits[1].queueMs.mean > 1.7 * waits[0].queueMs.mean && waits[2].queueMs.mean > 1.7 * waits[1].queueMs.mean, waits.map((w) => w.queueMs.mean).join(' < '));
  const below = simulate(e, sample, 10, { requests: 1600 });
  assert.equal(below.saturated, false);
});

test('on the real step model, a lone request matches the estimate at concurrency 1, and a run never beats the sustainable rate', () => {
  const input = { model: 'meta-llama/Llama-3.1-8B-Instruct', gpu: 'H100-SXM-80GB', workload: { inputLen: 1000, outputLen: 200, concurrency: 1 } };
  const m = engineModel(input);
  const e = m.engine!;
  const shape: EngineShape = { step: e.step, pp: e.cfg.pp, maxNumSeqs: e.cfg.maxNumSeqs, maxNumBatchedTokens: e.cfg.maxNumBatchedTokens, chunkedPrefill: e.cfg.chunkedPrefill, kvCacheTokens: e.memory.kvCacheTokens, maxModelLen: e.cfg.maxModelLen };
  const sample = sampleRequests({ input: { mean: 1000 }, output: { mean: 200 } }, shape.maxModelLen, { requests: 400 });
  const lone = simulate(shape, sample, 0.01);
  const t = m.estimate.throughput!;
  assert.ok(Math.abs(lone.ttftMs.p50 / t.ttftMs - 1) < 0.005, `${lone.ttftMs.p50} vs ${t.ttftMs}`);
  assert.ok(Math.abs(lone.tpotMs.p50 / t.tpotMs - 1) < 0.01, `${lone.tpotMs.p50} vs ${t.tpotMs}`);
  const ub = sustainableRps(shape, { peakRps: 1, input: { mean: 1000 }, output: { mean: 200 } });
  const over = simulate(shape, sampleRequests({ input: { mean: 1000 }, output: { mean: 200 } }, shape.maxModelLen, { requests: 3000 }), ub * 1.5);
  assert.ok(over.completedRps < ub * 1.02, `${over.completedRps} completed/s above the bound ${ub}`);
  assert.ok(over.saturated);
});

test('the same seed gives the same percentiles; another seed gives other draws', () => {
  const w = { input: { mean: 500, spread: 0.5 }, output: { mean: 100, spread: 0.5 } };
  const a = simulate(engine(), sampleRequests(w, 100_000, { seed: 7 }), 20);
  const b = simulate(engine(), sampleRequests(w, 100_000, { seed: 7 }), 20);
  const c = simulate(engine(), sampleRequests(w, 100_000, { seed: 8 }), 20);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.e2eMs, c.e2eMs);
});
