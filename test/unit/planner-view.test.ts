/**
 * The plan view's data for a document: prefill from the comment and the settings,
 * the ranked table and curves taken from the planner, and the messages shown
 * instead of a plan for bad input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { planForDocument } from '../../server/src/core/planner/planView';

const VLLM = '# servescope: gpu=H100-SXM-80GB count=8\nmodel: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 8192\nmax-num-seqs: 128\n';
const doc = (text: string, settings = {}) => analyze({ uri: 'file:///w/serve.yaml', text, settings });
const SLO = 'ttft:p95<800ms;tpot:p95<60ms';

test('the table is ranked from the planner: the recommendation first, each row with its curve and operating point', () => {
  const { view, result } = planForDocument(doc(VLLM), { peakRps: 20, slo: SLO }, { requests: 200, curvePoints: 5 });
  assert.ok(view.ok, view.errors.join());
  assert.equal(view.chosen, 0);
  assert.equal(view.rows[0].plan, result!.chosen);
  assert.deepEqual(view.rows.map((r) => r.numbers.tensor_parallel_size).sort(), [1, 2, 4, 8]);
  for (const r of view.rows) {
    const p = result!.plans[r.plan];
    // The numbers are the planner's, not recomputed.
    assert.equal(r.numbers.replicas, p.fleet?.replicas ?? null);
    assert.equal(r.curve.length, 5, `${r.label} has a curve`);
    assert.ok(r.curve.every((c, i) => i === 0 || c.rps > r.curve[i - 1].rps), 'rates rise along the curve');
    if (r.operatingPoint) assert.equal(r.operatingPoint.rps, p.op!.maxRps);
  }
  // Rows meeting the SLO come before those that miss it, cheapest first after the recommendation.
  const meets = view.rows.map((r) => r.numbers.meets_slo);
  assert.deepEqual(meets, [...meets].sort((x, y) => Number(y) - Number(x)));
  const costs = view.rows.slice(1).filter((r) => r.numbers.meets_slo).map((r) => r.numbers.usd_per_hour!);
  assert.deepEqual(costs, [...costs].sort((x, y) => x - y));
  assert.deepEqual(view.slo.map((t) => `${t.metric}:p${t.percentile}<${t.ms}`), ['ttft:p95<800', 'tpot:p95<60']);
  assert.ok(view.assumptions.some((s) => /20 req\/s at peak/.test(s)));
  // Each plan that meets the SLO carries the topology the CLI's --diagram draws, with its own fleet.
  const best = view.rows[0];
  assert.match(best.diagram ?? '', new RegExp(`× ${best.numbers.tensor_parallel_size} GPUs?|${best.numbers.total_gpus} GPUs`));
  assert.match(best.diagram ?? '', /replica: vLLM engine on \d+ × H100-SXM-80GB/);
  assert.match(best.diagram ?? '', /scale on: |watch: /);
});

test('inputs are prefilled from the # servescope comment, then the settings; typed values win', () => {
  const withComment = doc('# servescope: gpu=L4 rps=3 slo="ttft:p95<2s;tpot:p95<100ms" input_len=512\nmodel: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 4096\n');
  const a = planForDocument(withComment, {}, { requests: 150, curvePoints: 3 }).view;
  assert.equal(a.inputs.peakRps, 3);
  assert.equal(a.inputs.slo, 'ttft:p95<2s;tpot:p95<100ms');
  assert.equal(a.inputs.inputLen, 512);
  assert.equal(a.inputs.gpu, 'L4');
  assert.deepEqual(a.inputs.origin, { traffic: 'modeline', gpu: 'modeline' });
  const fromSettings = doc(VLLM, { traffic: { peakRps: 7 }, slo: SLO, workload: { inputLen: 300, outputLen: 90 } });
  const b = planForDocument(fromSettings, { gpu: 'A100-SXM4-80GB' }, { requests: 150, curvePoints: 3 }).view;
  assert.equal(b.inputs.peakRps, 7);
  assert.equal(b.inputs.outputLen, 90);
  assert.equal(b.inputs.origin.traffic, 'setting');
  assert.equal(b.inputs.gpu, 'A100-SXM4-80GB');
  assert.ok(b.rows.every((r) => r.numbers.gpu === 'A100-SXM4-80GB'));
  const preset = planForDocument(fromSettings, { peakRps: 5, preset: 'chat' }, { requests: 150, curvePoints: 3 }).view;
  assert.equal(preset.inputs.inputLen, 342);
  assert.ok(preset.assumptions[0].startsWith('traffic preset chat: ShareGPT'));
});

test('bad input becomes a message for the user, never an exception', () => {
  const a = doc(VLLM);
  const msg = (inputs: Parameters<typeof planForDocument>[1]) => planForDocument(a, inputs, { requests: 150, curvePoints: 2 }).view;
  const badSlo = msg({ peakRps: 5, slo: 'ttft<800' });
  assert.equal(badSlo.ok, false);
  assert.match(badSlo.errors[0], /^SLO: cannot read SLO term "ttft<800"/);
  assert.match(msg({ peakRps: -2, slo: SLO }).errors.join(), /the peak request rate must be a positive number/);
  assert.match(msg({ peakRps: 5, slo: SLO, gpu: 'RTX-9999' }).errors.join(), /GPU "RTX-9999" is not in the catalog/);
  assert.match(msg({ slo: SLO }).errors.join(), /enter the peak request rate/);
  assert.match(msg({ peakRps: 5, slo: SLO, preset: 'batch' }).errors.join(), /preset must be one of chat/);
  assert.match(planForDocument(doc('just: text\n'), { peakRps: 1, slo: SLO }).view.errors[0], /not a recognised serving config|no vLLM deployment/);
  // An SLO nothing can meet: a plan is still shown, with the closest candidate and by how much it misses.
  const impossible = msg({ peakRps: 5, slo: 'ttft:p95<1ms' });
  assert.ok(impossible.ok);
  assert.equal(impossible.rows[impossible.chosen].numbers.meets_slo, false);
  assert.match(impossible.unreachable!, /no candidate meets ttft:p95<1ms even with one request at a time; closest: H100-SXM-80GB TP \d/);
});

test('a vLLM server declared on a node of 2 GPUs is only planned with tensor-parallel sizes that fit it', () => {
  const a = doc(VLLM.replace('count=8', 'count=2'));
  const { view } = planForDocument(a, { peakRps: 5, slo: SLO }, { requests: 150, curvePoints: 2 });
  assert.deepEqual(view.rows.map((r) => r.numbers.tensor_parallel_size).sort(), [1, 2]);
  assert.ok(view.assumptions.some((s) => s.includes('the file declares 2 GPUs for it')));
});
