/**
 * Traffic stated in the file: the prefix-cache hit ratio comes from `prefix_hit=` (over
 * the setting), and the in-file operating point simulates the shorter prefills it means.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { slaTargets, statedPrefixHitRatio } from '../../server/src/core/planner/inFile';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';

const EXAMPLE = fs.readFileSync(path.resolve(__dirname, '..', '..', 'examples', 'vllm', 'llama-8b-h100.yaml'), 'utf8');

test('prefix_hit in the comment wins over the setting; a value outside [0, 1) is not used', () => {
  const settings = { ...DEFAULT_SETTINGS, traffic: { prefixHitRatio: 0.2 } };
  const ml = (v: string) => ({ facts: { prefix_hit: v }, range: { start: 0, end: 0 }, unknown: [] });
  assert.equal(statedPrefixHitRatio(settings), 0.2);
  assert.equal(statedPrefixHitRatio(settings, ml('0.6')), 0.6);
  assert.equal(statedPrefixHitRatio(settings, ml('1.5')), undefined);
  const t = slaTargets({ ...settings, slo: 'ttft:p95<800ms' }, { facts: { rps: '10', prefix_hit: '0.5' }, range: { start: 0, end: 0 }, unknown: [] });
  assert.equal(t?.traffic?.prefixHitRatio, 0.5);
});

test('a stated prefix-cache hit ratio raises the per-replica rate that meets a TTFT target', () => {
  const opRps = (extra: string) => {
    const text = `# servescope: gpu=H100-SXM-80GB rps=20 input_len=4000 output_len=200 slo="ttft:p95<400ms"${extra}\n${EXAMPLE.replace(/^# servescope:.*\n/, '')}`;
    const a = analyze({ uri: 'file:///ws/llama.yaml', text });
    const op = a.estimates.find((e) => e.sla?.op)?.sla?.op;
    assert.ok(op, 'no operating point');
    return op.maxRps;
  };
  const cold = opRps('');
  const warm = opRps(' prefix_hit=0.75');
  assert.ok(warm > cold * 1.3, `with 75% of prompt tokens cached the operating point rose only from ${cold} to ${warm} req/s`);
});
