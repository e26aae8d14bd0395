/**
 * Alert thresholds from the planner's operating point: the queue a replica may hold is the
 * TTFT slack times the rate it serves, and the replica ceiling is the config's own or the plan's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../server/src/core/analyze';
import { thresholdsFromPlan } from '../../server/src/core/observe/fromPlan';

const ROOT = path.resolve(__dirname, '..', '..');
const file = path.join(ROOT, 'examples/vllm/llama-8b-h100.yaml');
const text = fs.readFileSync(file, 'utf8');

function planned(slo: string) {
  const a = analyze({ uri: pathToFileURL(file).toString(), text, settings: { traffic: { peakRps: 40 }, slo } });
  const e = a.estimates[0];
  return { sla: e.sla!, out: thresholdsFromPlan('vllm', e.deployment, e.sla) };
}

test('queue per replica = operating rate × (TTFT target − unloaded p95 TTFT), ceiling = replicas the peak needs + 1', () => {
  const { sla, out } = planned('ttft:p95<800ms;tpot:p95<60ms');
  const op = sla.op!;
  assert.ok(op.maxRps > 1, `operating point ${op.maxRps}`);
  assert.equal(out.thresholds.maxQueuePerReplica, Math.floor((op.maxRps * (800 - op.unloaded.ttftMs.p95)) / 1000));
  assert.equal(out.thresholds.replicasMax, Math.ceil(40 / op.maxRps) + 1);
  assert.equal(out.thresholds.maxInFlight, undefined, 'vLLM alerts on its queue, not on requests in flight');
  assert.match(out.reasons[0], /^waiting per replica \d+: [\d.]+ req\/s per replica at the operating point × \d+ ms of TTFT slack \(p95 target 800 ms − \d+ ms unloaded\)$/);
});

test('the tightest TTFT target sets the queue; without a TTFT target there is no planned queue limit', () => {
  const loose = planned('ttft:p95<2000ms;ttft:p50<400ms').out.thresholds.maxQueuePerReplica!;
  const tight = planned('ttft:p95<2000ms').out.thresholds.maxQueuePerReplica!;
  assert.ok(loose < tight, `${loose} should be below ${tight}`);
  assert.equal(planned('tpot:p95<60ms').out.thresholds.maxQueuePerReplica, undefined);
});

test('a Ray Serve max_replicas in the file is the ceiling the alert watches', () => {
  const f = path.join(ROOT, 'examples/rayserve/serve_config.yaml');
  const a = analyze({ uri: pathToFileURL(f).toString(), text: fs.readFileSync(f, 'utf8') });
  const d = a.plan!.deployments.find((x) => x.replicas.max);
  assert.ok(d, 'example has an autoscaled deployment');
  const out = thresholdsFromPlan('rayserve', d, undefined);
  assert.equal(out.thresholds.replicasMax, d.replicas.max!.value);
  assert.deepEqual(out.reasons, [`replica ceiling ${d.replicas.max!.value}: the config's max_replicas`]);
});
