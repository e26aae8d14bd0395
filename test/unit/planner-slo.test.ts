/**
 * The SLO spec users write on the command line, in settings and in modelines.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSlo, parseSlo } from '../../server/src/core/planner/slo';

test('reads llm-optimizer style terms with ms and s units', () => {
  const s = parseSlo('ttft:p95<800ms;tpot:p95<60ms;e2e:p99<20s');
  assert.ok(!('error' in s));
  assert.deepEqual(s.targets, [
    { metric: 'ttft', percentile: 95, ms: 800 },
    { metric: 'tpot', percentile: 95, ms: 60 },
    { metric: 'e2e', percentile: 99, ms: 20000 },
  ]);
  assert.equal(formatSlo(s), 'ttft:p95<800ms;tpot:p95<60ms;e2e:p99<20s');
});

test('itl means tpot, commas separate, a bare number is ms, and a repeated term keeps the tighter bound', () => {
  const s = parseSlo(' ITL:p50 <= 30 , ttft:p90<2s, itl:p50<25ms ');
  assert.ok(!('error' in s));
  assert.deepEqual(s.targets, [
    { metric: 'tpot', percentile: 50, ms: 25 },
    { metric: 'ttft', percentile: 90, ms: 2000 },
  ]);
});

test('a term it cannot read is named in the message, with the shape of a good one', () => {
  for (const bad of ['ttft<800ms', 'ttft:p97<800ms', 'tbt:p95<1s', 'ttft:p95<-5ms', 'ttft:p95>800ms']) {
    const s = parseSlo(bad);
    assert.ok('error' in s, bad);
    assert.match(s.error, /ttft:p95<800ms/, bad);
  }
  const empty = parseSlo('  ;  ');
  assert.ok('error' in empty && /no terms/.test(empty.error));
  const zero = parseSlo('ttft:p95<0ms');
  assert.ok('error' in zero && /positive/.test(zero.error));
});
