/**
 * Guards the calibration: the capacity model must stay within the accuracy
 * targets on the real vLLM measurements in test/accuracy/cases.json (the same
 * run `scripts/bench-accuracy.ts` prints).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rejectedCases, runAccuracy, summarize } from '../../scripts/bench-accuracy';

const rows = runAccuracy();
const summary = summarize(rows);

test('every case resolves its model and GPU', () => {
  const errors = rows.filter((r) => r.metric === 'error');
  assert.deepEqual(errors.map((r) => `${r.id}: ${String(r.estimated)}`), []);
});

test('weights: median absolute error within 5%', () => {
  assert.ok(summary.weights!.median <= 5, JSON.stringify(summary.weights));
});

test('KV cache tokens: median absolute error within 10%', () => {
  assert.ok(summary.kv_tokens!.median <= 10, JSON.stringify(summary.kv_tokens));
});

test('the KV layout alone reproduces vLLM block counts within 2% given the memory it had', () => {
  const kv = rows.filter((r) => r.split === 'kv' && r.errPct !== undefined);
  assert.ok(kv.length >= 6);
  for (const r of kv) assert.ok(Math.abs(r.errPct!) <= 2, `${r.id} ${r.metric} ${r.errPct}`);
});

test('TPOT and output tok/s: median absolute error within 20%', () => {
  assert.ok(summary.tpot!.median <= 20, JSON.stringify(summary.tpot));
  assert.ok(summary.tok_s!.median <= 20, JSON.stringify(summary.tok_s));
});

test('"would it start": every call right but the listed known misses, and every listed miss still a miss', () => {
  const fits = rows.filter((r) => r.metric === 'fits');
  assert.ok(fits.length >= 13);
  assert.deepEqual(fits.filter((r) => !r.ok && !r.knownMiss).map((r) => r.id), []);
  // A known miss the model now gets right must lose its note.
  assert.deepEqual(fits.filter((r) => r.ok && r.knownMiss).map((r) => r.id), []);
  assert.ok(fits.filter((r) => r.knownMiss).length <= 1, 'known misses stay the exception');
});

test('every rejected case says why', () => {
  for (const r of rejectedCases()) assert.ok(r.source.startsWith('https://') && r.reason.length > 40, r.id);
});
