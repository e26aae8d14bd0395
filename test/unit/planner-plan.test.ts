/**
 * The planner as its consumers see it: the recommendation, the fleet, cost, the
 * frontier, unreachable targets and bad input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planCapacity, type PlanRequest } from '../../server/src/core/planner/plan';
import { toPlanJson } from '../../server/src/core/planner/report';
import { sizeFleet } from '../../server/src/core/planner/fleet';
import { coldStart } from '../../server/src/core/planner/coldStart';
import { parseSlo, type Slo } from '../../server/src/core/planner/slo';

const slo = (s: string) => parseSlo(s) as Slo;
const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const req = (over: Partial<PlanRequest> = {}): PlanRequest => ({
  base: { model: MODEL, gpuPrices: { 'H100-SXM-80GB': 3, 'A100-SXM4-80GB': 1.5, L4: 0.5 } },
  traffic: { peakRps: 20, avgRps: 8, input: { mean: 1500 }, output: { mean: 300 } },
  slo: slo('ttft:p95<800ms;tpot:p95<60ms'),
  gpus: ['H100-SXM-80GB', 'A100-SXM4-80GB'],
  tensorParallel: [1, 2],
  curvePoints: 4,
  ...over,
});

test('the recommendation meets every target at the fleet peak load and is the cheapest plan that does', () => {
  const r = planCapacity(req());
  assert.ok(r.ok, r.errors.join());
  const chosen = r.plans[r.chosen];
  assert.ok(chosen.meetsSlo);
  assert.ok(chosen.atPeak!.ttftMs.p95 < 800 && chosen.atPeak!.tpotMs.p95 < 60);
  const cost = chosen.fleet!.usdPerHourAtPeak!;
  for (const p of r.plans) if (p.meetsSlo && p.fleet) assert.ok(p.fleet.usdPerHourAtPeak! >= cost, `${p.candidate.gpu.id} TP ${p.candidate.tp} is cheaper`);
  // Replicas carry the peak at the operating point, plus one spare.
  assert.equal(chosen.fleet!.replicas, Math.ceil(20 / chosen.op!.maxRps - 1e-9) + 1);
  assert.equal(chosen.fleet!.totalGpus, chosen.fleet!.replicas * chosen.candidate.tp);
  assert.equal(cost, chosen.fleet!.totalGpus * chosen.usdPerGpuHour!);
  const j = toPlanJson(r) as { plans: Record<string, unknown>[]; chosen: number; curve: { plan: number }[] };
  assert.equal(j.chosen, r.chosen);
  for (const k of ['gpu', 'tensor_parallel_size', 'replicas', 'total_gpus', 'max_rps_per_replica', 'p50_ttft_ms', 'p95_ttft_ms', 'p99_ttft_ms', 'p50_tpot_ms', 'p95_tpot_ms', 'p99_tpot_ms', 'p95_e2e_ms', 'output_tok_s', 'usd_per_hour', 'usd_per_1m_output_tokens', 'meets_slo', 'settings', 'assumptions']) assert.ok(k in j.plans[j.chosen], k);
  assert.ok(j.curve.some((c) => c.plan === r.chosen));
});

test('a tighter TPOT target lowers the per-replica operating point', () => {
  const loose = planCapacity(req({ gpus: ['H100-SXM-80GB'], tensorParallel: [1], slo: slo('tpot:p95<60ms') }));
  const tight = planCapacity(req({ gpus: ['H100-SXM-80GB'], tensorParallel: [1], slo: slo('tpot:p95<12ms') }));
  const a = loose.plans[loose.chosen].op!.maxRps;
  const b = tight.plans[tight.chosen].op!.maxRps;
  assert.ok(b > 0 && b < a * 0.8, `${b} vs ${a}`);
});

test('doubling a fixed fleet halves each replica’s load and does not worsen its latency', () => {
  const two = planCapacity(req({ gpus: ['A100-SXM4-80GB'], tensorParallel: [1], fleet: { replicas: 2 } }));
  const four = planCapacity(req({ gpus: ['A100-SXM4-80GB'], tensorParallel: [1], fleet: { replicas: 4 } }));
  const p2 = two.plans[two.chosen];
  const p4 = four.plans[four.chosen];
  assert.equal(p2.fleet!.peakRpsPerReplica, 10);
  assert.equal(p4.fleet!.peakRpsPerReplica, 5);
  assert.ok(p4.atPeak!.ttftMs.p95 <= p2.atPeak!.ttftMs.p95);
  assert.equal(p4.fleet!.usdPerHourAtPeak, 2 * p2.fleet!.usdPerHourAtPeak!);
});

test('an unreachable target says which target the closest plan misses and by how much', () => {
  const r = planCapacity(req({ slo: slo('ttft:p95<5ms') }));
  assert.ok(r.ok);
  assert.ok(!r.plans[r.chosen].meetsSlo);
  assert.match(r.unreachable ?? '', /no candidate meets ttft:p95<5ms even with one request at a time; closest: .*ttft p95 \d+ ms against 5 ms/);
});

test('the GPU limit skips fleets above it, and the latency objective picks the lowest p95 E2E', () => {
  const r = planCapacity(req({ maxGpus: 4 }));
  for (const p of r.plans) if (p.meetsSlo) assert.ok(p.fleet!.totalGpus <= 4);
  const lat = planCapacity(req({ objective: 'latency' }));
  const best = lat.plans[lat.chosen].atPeak!.e2eMs.p95;
  for (const p of lat.plans) if (p.meetsSlo) assert.ok(p.atPeak!.e2eMs.p95 >= best);
  // The frontier holds no plan another beats on both cost and latency.
  for (const i of lat.frontier) for (const j of lat.frontier) if (i !== j) {
    const a = lat.plans[i];
    const b = lat.plans[j];
    assert.ok(!(b.fleet!.usdPerHourAtPeak! <= a.fleet!.usdPerHourAtPeak! && b.atPeak!.e2eMs.p95 < a.atPeak!.e2eMs.p95));
  }
});

test('bad input gets a message, not a plan', () => {
  const cases: [Partial<PlanRequest>, RegExp][] = [
    [{ traffic: { peakRps: -1, input: { mean: 100 }, output: { mean: 10 } } }, /peak request rate must be a positive number/],
    [{ traffic: { peakRps: 5, avgRps: 9, input: { mean: 100 }, output: { mean: 10 } } }, /average rate 9 req\/s is above the peak 5/],
    [{ traffic: { peakRps: 5, input: { mean: 100 }, output: { mean: 10 }, prefixHitRatio: 1.5 } }, /prefix-cache hit ratio/],
    [{ gpus: ['TPU-v9'] }, /GPU "TPU-v9" is not in the catalog/],
    [{ base: { model: 'nobody/unknown-model' } }, /nobody\/unknown-model/],
    [{ objective: 'throughput' }, /needs a budget/],
  ];
  for (const [over, msg] of cases) {
    const r = planCapacity(req(over));
    assert.equal(r.ok, false);
    assert.match(r.errors.join('\n'), msg);
  }
});

test('fleet arithmetic: headroom, spare, ramp and cost at average load', () => {
  const cold = coldStart(15);
  // 16 s start + 15 GiB at 1.2 GiB/s (12.5 s) + 91 s init.
  assert.ok(Math.abs(cold.seconds - 119.5) < 1e-9);
  const f = sizeFleet(10, 2, 2, { peak: 40, avg: 10 }, 300, cold, { headroom: 0.2, rampRpsPerS: 0.05 });
  // 40 / (10 × 0.8) = 5; ramp 0.05 × 119.5 / 8 → 1; spare 1.
  assert.equal(f.replicasForPeak, 5);
  assert.equal(f.replicas, 7);
  assert.equal(f.totalGpus, 14);
  assert.equal(f.usdPerHourAtPeak, 28);
  // Average: ceil(10 / 8) + 1 = 3 replicas × 2 GPUs × $2 = $12/h over 10 × 300 × 3600 tokens.
  assert.equal(f.replicasAtAverage, 3);
  assert.ok(Math.abs(f.usdPer1mOutputTokens! - (12 / (10 * 300 * 3600)) * 1e6) < 1e-9);
});
