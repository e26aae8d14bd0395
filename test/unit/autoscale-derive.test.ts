/**
 * The autoscaling numbers against the planner they come from, and `servescope autoscale`
 * over real files: bounds from the fleet sizing, the target from the operating point (the
 * same limit the editor's autoscaling-target-above-slo rule uses), delays against the cold
 * start, and exit codes like the other commands.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../server/src/core/analyze';
import { deriveAutoscaling, renderAutoscaling } from '../../server/src/core/autoscale';
import { coldStart } from '../../server/src/core/planner/coldStart';
import { main } from '../../server/src/cli';

const ROOT = path.resolve(__dirname, '..', '..');
const VLLM = path.join(ROOT, 'examples/vllm/llama-8b-h100.yaml');
const SLO = 'ttft:p95<800ms;tpot:p95<60ms';

function analysed(file: string, settings: object) {
  return analyze({ uri: pathToFileURL(file).toString(), text: fs.readFileSync(file, 'utf8'), settings });
}

function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(['autoscale', ...args], (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('derived from the plan', () => {
  const a = analysed(VLLM, { traffic: { peakRps: 40, avgRps: 15 }, slo: SLO });
  const pe = a.estimates[0];
  const sla = pe.sla!;
  const plan = deriveAutoscaling('llama', 'vllm', pe, sla);
  if ('error' in plan) throw new Error(plan.error);

  test('replica bounds: the average and the peak over the operating point, each plus one spare', () => {
    assert.equal(plan.maxReplicas.value, sla.replicasPlanned);
    assert.equal(plan.minReplicas.value, Math.ceil(15 / sla.op!.maxRps - 1e-9) + 1);
    assert.ok(plan.minReplicas.value <= plan.maxReplicas.value);
  });

  test('the target is what a replica holds in flight at the operating point; the cap is the engine batch above it', () => {
    assert.equal(plan.targetOngoing.value, Math.max(1, Math.floor(sla.ongoingAtOperatingPoint!)));
    assert.ok(plan.maxOngoing.value > plan.targetOngoing.value);
    assert.ok(plan.maxOngoing.value <= pe.estimate!.memory!.maxNumSeqs);
  });

  test('delays against the cold start: removal waits past it, a rise is acted on within a tenth of it', () => {
    const cold = Math.round(coldStart(pe.estimate!.memory!.weightsGib).seconds);
    assert.equal(plan.coldStartS.value, cold);
    assert.ok(plan.downscaleDelayS.value >= 2 * cold && plan.downscaleDelayS.value >= 600);
    assert.ok(plan.upscaleDelayS.value >= 10 && plan.upscaleDelayS.value <= Math.max(10, cold / 10 + 1));
  });

  test('the queue target is half the waiting requests at which the TTFT target breaks', () => {
    const slack = 800 - sla.op!.unloaded.ttftMs.p95;
    assert.equal(plan.waitingPerReplica.value, Math.max(1, Math.floor(Math.floor((sla.op!.maxRps * slack) / 1000) / 2)));
  });

  test('the KV-usage target is the mean KV usage the simulation holds at the operating point', () => {
    const at = sla.op!.at.meanKvUsage;
    assert.ok(at > 0 && at < 1, `simulated usage ${at}`);
    assert.equal(plan.kvUsage.value, Math.min(0.9, Math.max(0.05, Math.floor(at * 100) / 100)));
    assert.match(plan.kvUsage.why, new RegExp(`${(at * 100).toFixed(1)}% at ${Math.round(sla.op!.maxRps * 10) / 10} req/s`));
  });

  test('the generated Ray Serve target does not trip the editor\'s SLA rule', () => {
    const file = path.join(ROOT, 'examples/rayserve/llm_app.yaml');
    const slo = 'ttft:p95<2000ms;tpot:p95<120ms';
    const r = analysed(file, { traffic: { peakRps: 10 }, slo });
    const e = r.estimates.find((x) => x.sla?.op)!;
    const p = deriveAutoscaling('llm', 'rayserve', e, e.sla);
    if ('error' in p) throw new Error(p.error);
    const text = fs.readFileSync(file, 'utf8').replace(/target_ongoing_requests: \d+/, `target_ongoing_requests: ${p.targetOngoing.value}`);
    assert.match(text, new RegExp(`target_ongoing_requests: ${p.targetOngoing.value}`), 'the example has a target to replace');
    const after = analyze({ uri: pathToFileURL(file).toString(), text, settings: { traffic: { peakRps: 10 }, slo } });
    assert.deepEqual(after.findings.filter((f) => f.code === 'capacity/autoscaling-target-above-slo').map((f) => f.message), []);
    assert.match(renderAutoscaling('ray', p), /^autoscaling_config:$/m);
  });
});

describe('servescope autoscale', () => {
  test('prints a KEDA ScaledObject for a vLLM file by default, exit 0', () => {
    const r = run(VLLM, '--rps', '40', '--slo', SLO);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^kind: ScaledObject$/m);
    assert.match(r.out, /query: "sum\(vllm:num_requests_waiting\{model_name=\\"llama-8b\\"\}\)"/);
  });

  test('--signal kv scales a vLLM server on the mean KV-cache usage at the operating point', () => {
    const r = run(VLLM, '--rps', '40', '--avg-rps', '15', '--slo', SLO, '--signal', 'kv');
    assert.equal(r.code, 0, r.err);
    const pe = analysed(VLLM, { traffic: { peakRps: 40, avgRps: 15 }, slo: SLO }).estimates[0];
    const plan = deriveAutoscaling('llama', 'vllm', pe, pe.sla);
    if ('error' in plan) throw new Error(plan.error);
    assert.match(r.out, /query: "avg\(vllm:kv_cache_usage_perc\{model_name=\\"llama-8b\\"\}\)"/);
    assert.match(r.out, new RegExp(`threshold: "${plan.kvUsage.value}"`));
    assert.match(r.out, /metricType: Value/);
  });

  test('--out writes NAME.<artifact>.yaml; a Triton model scales on its queue time', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servescope-autoscale-'));
    const r = run(path.join(ROOT, 'test/fixtures/autoscale/triton/llama_vllm/config.pbtxt'), '--rps', '20', '--slo', 'ttft:p95<800ms', '--format', 'hpa', '--out', dir);
    assert.equal(r.code, 0, r.err);
    const written = path.join(dir, 'llama_vllm.hpa.yaml');
    assert.equal(r.out, `wrote ${written}`);
    assert.match(fs.readFileSync(written, 'utf8'), /name: "nv_inference_queue_duration_us"/);
  });

  test('Ray Serve and BentoML files get their own settings by default; --help exits 0', () => {
    const slo = 'ttft:p95<2000ms;tpot:p95<120ms';
    const ray = run(path.join(ROOT, 'examples/rayserve/llm_app.yaml'), '--rps', '10', '--slo', slo);
    assert.equal(ray.code, 0, ray.err);
    assert.match(ray.out, /^autoscaling_config:\n(.*\n)*  target_ongoing_requests: \d+$/m);
    const bento = run(path.join(ROOT, 'examples/bentoml/bentoml_configuration.yaml'), '--rps', '10', '--slo', slo);
    assert.equal(bento.code, 0, bento.err);
    assert.match(bento.out, /^      concurrency: \d+$/m);
    assert.match(bento.err, /vLLM defaults were assumed/);
    const help = run('--help');
    assert.equal(help.code, 0);
    assert.match(help.out, /^servescope autoscale CONFIG --rps R --slo SPEC/);
  });

  test('bad input: a clear message and exit 2', () => {
    const cases: [string[], RegExp][] = [
      [[VLLM, '--slo', SLO], /needs --rps/],
      [[VLLM, '--rps=-3', '--slo', SLO], /--rps must be a positive number/],
      [[VLLM, '--rps', 'many', '--slo', SLO], /--rps must be a number/],
      [[VLLM, '--rps', '10'], /needs --slo/],
      [[VLLM, '--rps', '10', '--slo', 'ttft<fast'], /--slo: /],
      [[VLLM, '--rps', '10', '--avg-rps', '20', '--slo', SLO], /--avg-rps must be positive and at most --rps/],
      [[VLLM, '--rps', '10', '--slo', SLO, '--format', 'ray'], /--format ray does not fit a vllm file; use keda or hpa/],
      [[VLLM, '--rps', '10', '--slo', SLO, '--format', 'yaml'], /--format must be one of ray, keda, hpa, bentoml/],
      [[VLLM, '--rps', '10', '--slo', SLO, '--signal', 'gpu'], /--signal must be one of queue, kv/],
      [[path.join(ROOT, 'test/fixtures/autoscale/triton/llama_vllm/config.pbtxt'), '--rps', '10', '--slo', SLO, '--signal', 'kv'], /a triton deployment exports no KV-cache usage, use --signal queue/],
      [[path.join(ROOT, 'examples/rayserve/llm_app.yaml'), '--rps', '10', '--slo', SLO, '--signal', 'kv'], /--signal kv is for the Kubernetes autoscalers \(keda, hpa\); Ray Serve scales on ongoing requests/],
      [[path.join(ROOT, 'README.md'), '--rps', '10', '--slo', SLO], /not a recognised serving config/],
      [[path.join(ROOT, 'nope.yaml'), '--rps', '10', '--slo', SLO], /no such file/],
      [[path.join(ROOT, 'examples/triton/model_repository/llama_vllm/config.pbtxt'), '--rps', '10', '--slo', SLO], /the engine does not start on L4/],
    ];
    for (const [args, message] of cases) {
      const r = run(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, message);
      assert.equal(r.out, '');
    }
  });

  test('an SLO no replica meets: exit 1, pointing at plan', () => {
    const r = run(VLLM, '--rps', '10', '--slo', 'ttft:p95<5ms');
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /misses ttft:p95<5ms even with one request at a time.*servescope plan/);
  });
});
