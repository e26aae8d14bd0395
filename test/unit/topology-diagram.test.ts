/**
 * The topology diagram `servescope plan --diagram` prints: byte for byte against golden files
 * for a hand-written plan (test/fixtures/topology/), and through the real command, where its
 * replica counts must be the plan's own.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { CandidatePlan } from '../../server/src/core/planner/plan';
import { parseSlo, type Slo } from '../../server/src/core/planner/slo';
import { renderTopology } from '../../server/src/core/topology/diagram';
import { main } from '../../server/src/cli';
import { golden as goldenFile } from './golden';

const DIR = path.resolve(__dirname, '..', 'fixtures', 'topology');
const ROOT = path.resolve(__dirname, '..', '..');
const slo = parseSlo('ttft:p95<800ms;tpot:p95<60ms') as Slo;

const pct = (x: number) => ({ mean: x, p50: x, p90: x, p95: x, p99: x });
/** The fields the diagram reads, shaped like Llama-3.1-8B on one H100 at 40 req/s. */
const PLAN = {
  candidate: { gpu: { id: 'H100-SXM-80GB' }, tp: 1, pp: 1 },
  settings: { tensor_parallel_size: 1, max_num_seqs: 256 },
  op: { maxRps: 15.2, at: { e2eMs: pct(4600) }, unloaded: { ttftMs: pct(43) } },
  fleet: { replicas: 4, replicasForPeak: 3, replicasAtAverage: 2, totalGpus: 4 },
} as unknown as CandidatePlan;

describe('topology diagram', () => {
  for (const framework of ['vllm', 'triton', 'rayserve', 'bentoml'] as const) {
    test(`${framework}: golden`, () => {
      const d = renderTopology({ framework, plan: PLAN, slo, peakRps: 40, avgRps: 15 });
      assert.ok(d);
      goldenFile(DIR, `${framework}.txt`, d);
    });
  }

  test('no fleet, no diagram', () => {
    assert.equal(renderTopology({ framework: 'vllm', plan: { ...PLAN, fleet: undefined } as CandidatePlan, slo, peakRps: 40, avgRps: 15 }), undefined);
  });

  test('servescope plan --diagram draws the chosen plan', () => {
    const out: string[] = [];
    const args = ['plan', path.join(ROOT, 'examples/vllm/llama-8b-h100.yaml'), '--rps', '40', '--avg-rps', '15', '--slo', 'ttft:p95<800ms;tpot:p95<60ms', '--diagram', '--json'];
    assert.equal(main(args, (s) => out.push(s), () => {}), 0);
    const j = JSON.parse(out.join('\n'));
    const chosen = j.plans[j.chosen];
    assert.match(j.diagram, new RegExp(`^\\d+–${chosen.replicas} replicas .* = up to ${chosen.total_gpus} GPUs$`, 'm'));
    assert.match(j.diagram, /^scale on: sum\(vllm:num_requests_waiting\) per replica > \d+/m);
  });
});
