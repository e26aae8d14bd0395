/**
 * The generated rules and dashboard, byte for byte, against reviewed golden files in
 * test/fixtures/observe/. After an intended change, regenerate with
 * `SERVESCOPE_UPDATE_GOLDEN=1 node --import tsx --test test/unit/observe-golden.test.ts`
 * and read the diff before committing it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { golden as goldenFile } from './golden';
import { renderRules } from '../../server/src/core/observe/rules';
import { renderDashboard } from '../../server/src/core/observe/dashboard';
import { CASES } from './observe-cases';

const DIR = path.resolve(__dirname, '..', 'fixtures', 'observe');
const golden = (file: string, actual: string) => goldenFile(DIR, file, actual);

describe('observe golden files', () => {
  for (const [name, inputs] of Object.entries(CASES)) {
    test(`${name}: rules`, () => golden(`${name}.rules.yaml`, renderRules(inputs)));
    test(`${name}: dashboard`, () => golden(`${name}.dashboard.json`, renderDashboard(inputs[0].name, inputs)));
  }
});

describe('what the generated files say', () => {
  test('every threshold says where it came from', () => {
    const planned = renderRules(CASES['vllm-planned']);
    assert.match(planned, /threshold_source: "queue per engine 4 \(from the plan\)"/);
    assert.match(planned, /threshold_source: "replica ceiling 6 \(from the plan\)"/);
    assert.match(planned, /threshold_source: "ttft:p99<2000ms \(from the SLO\)"/);
    assert.match(renderRules(CASES.vllm), /threshold_source: "KV usage 0\.9 \(default, no plan given\)"/);
    assert.match(planned, /# Expected peak load 12 req\/s\./);
  });

  test('a p50 target gets no burn-rate alert, and the file says why', () => {
    const planned = renderRules(CASES['vllm-planned']);
    assert.doesNotMatch(planned, /TpotP50BudgetBurn/);
    assert.match(planned, /# tpot:p50<50ms: no 1h burn-rate alert: 14\.4× a 50% budget exceeds all requests\./);
    assert.match(planned, /alert: TpotP50AboveSlo/);
  });

  test('an SLO the framework cannot measure is named, not silently dropped', () => {
    const bento = renderRules(CASES.bentoml);
    assert.match(bento, /# ttft:p95<800ms: not alerted: BentoML’s HTTP metrics time whole responses, not tokens\./);
    assert.doesNotMatch(bento, /alert: Ttft/);
  });

  test('vLLM TPOT alerts use the per-request histogram, never the removed name', () => {
    const rules = renderRules(CASES.vllm);
    assert.match(rules, /vllm:request_time_per_output_token_seconds_bucket/);
    assert.doesNotMatch(rules, /vllm:time_per_output_token_seconds/);
    assert.doesNotMatch(rules, /gpu_cache_usage_perc/);
  });
});
