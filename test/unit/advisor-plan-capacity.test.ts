/**
 * The advisor's plan_capacity tool end to end below the transport: the tool's
 * schema and validation, the `servescope/planCapacity` handler on a real
 * analysis, and the promise that the CLI and the advisor plan through one path.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { planCapacityFor } from '../../server/src/lsp/planCapacityRequest';
import { whatIfEstimate } from '../../server/src/lsp/advisorRequests';
import { runPlan } from '../../server/src/cli/plan';
import { ENGINE_ARGS } from '../../server/src/core/engineArgs/table';
import { parsePlanCapacity, parseWhatIf, TOOL_DEFINITIONS } from '../../client/src/advisor/tools';
import { PLAN_CAPACITY_METHOD } from '../../client/src/advisor/protocol';

const TEXT = '# servescope: gpu=H100-SXM-80GB\nmodel: meta-llama/Llama-3.1-8B-Instruct\ntensor-parallel-size: 1\nmax-model-len: 8192\n';
const a = () => analyze({ uri: 'file:///w/vllm.yaml', text: TEXT });
const SLO = 'ttft:p95<800ms;tpot:p95<60ms';

describe('servescope/planCapacity handler', () => {
  test('the method name is the one the server registers', () => {
    assert.equal(PLAN_CAPACITY_METHOD, 'servescope/planCapacity');
  });

  test('20 req/s of 1,500-in/300-out on H100s: meets the SLO with the operating point’s replicas plus one spare', () => {
    const r = planCapacityFor(a(), { rps: 20, input_len: 1500, output_len: 300, slo: SLO }) as Record<string, any>;
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.meets_slo, true);
    assert.equal(r.slo, SLO);
    const c = r.chosen;
    // The file's GPU and tensor size are kept; the planner's operating point sizes the fleet.
    assert.equal(c.gpu, 'H100-SXM-80GB');
    assert.equal(c.tensor_parallel_size, 1);
    assert.ok(c.max_rps_per_replica > 5 && c.max_rps_per_replica < 20, String(c.max_rps_per_replica));
    assert.equal(c.replicas, Math.ceil(20 / c.max_rps_per_replica) + 1);
    assert.equal(c.total_gpus, c.replicas);
    assert.ok(c.p95_ttft_ms < 800 && c.p95_tpot_ms < 60);
    assert.equal(c.settings.max_model_len, 8192);
    assert.ok(r.assumptions.some((x: string) => /Poisson arrivals/.test(x)));
    // The topology the CLI draws with --diagram, with this plan's replicas and GPU.
    assert.match(r.diagram, new RegExp(`${c.replicas - 1}–${c.replicas} replicas|${c.replicas} replicas`));
    assert.match(r.diagram, /replica: vLLM engine on 1 × H100-SXM-80GB \(TP 1\)/);
    assert.match(r.diagram, /scale on: /);
  });

  test('the advisor and `servescope plan` give the same plan for the same ask', () => {
    const r = planCapacityFor(a(), { rps: 20, input_len: 1500, output_len: 300, slo: SLO }) as Record<string, any>;
    const out: string[] = [];
    const code = runPlan(['--model', 'meta-llama/Llama-3.1-8B-Instruct', '--gpu', 'H100-SXM-80GB', '-t', '1', '--max-model-len', '8192', '--rps', '20', '--input-len', '1500', '--output-len', '300', '--slo', SLO, '--json'], (s) => out.push(s), () => undefined);
    assert.equal(code, 0);
    const j = JSON.parse(out.join('\n'));
    assert.deepEqual(r.chosen, j.plans[j.chosen]);
  });

  test('an unreachable SLO says what the closest plan misses', () => {
    const r = planCapacityFor(a(), { rps: 20, slo: 'ttft:p95<10ms' }) as Record<string, any>;
    assert.equal(r.ok, true);
    assert.equal(r.meets_slo, false);
    assert.match(r.unreachable, /no candidate meets ttft:p95<10ms.*closest: H100-SXM-80GB TP 1/);
  });

  test('bad input and files without a model answer with a reason, not a crash', () => {
    const slo = planCapacityFor(a(), { rps: 3, slo: 'soon' }) as Record<string, any>;
    assert.equal(slo.ok, false);
    assert.match(slo.error, /^slo cannot read SLO term "soon"/);
    const r = planCapacityFor(a(), { rps: -1 }) as Record<string, any>;
    assert.equal(r.ok, false);
    assert.match(r.error, /rate/);
    const none = planCapacityFor(analyze({ uri: 'file:///w/vllm.yaml', text: 'max-num-seqs: 8\n', override: 'vllm' }), { rps: 3 });
    assert.deepEqual(none, { ok: false, error: 'this file has no vLLM deployment whose model ServeScope can read' });
  });
});

describe('the what-if no longer sizes fleets', () => {
  test('traffic changes the quoted load, never adds a Little’s-law replica count', () => {
    const r = whatIfEstimate(a(), { traffic: { input_len: 1000, output_len: 200, concurrency: 32 } });
    assert.equal(r.ok, true);
    for (const k of ['replicas_for_traffic', 'requests_per_s_per_replica', 'meets_ttft_target', 'meets_tpot_target']) assert.ok(!(k in r), k);
    assert.ok(!(r.assumptions as string[]).some((x) => /Little/.test(x)));
  });

  test('quantization "none" clears the argument, as the table’s unset word says', () => {
    const fp8 = whatIfEstimate(a(), { quantization: 'fp8' });
    const none = whatIfEstimate(analyze({ uri: 'file:///w/vllm.yaml', text: `${TEXT}quantization: fp8\n` }), { quantization: 'none' });
    assert.ok((none.weights_gib as number) > (fp8.weights_gib as number), `${none.weights_gib} vs ${fp8.weights_gib}`);
  });
});

describe('tool schemas', () => {
  const tool = (name: string) => TOOL_DEFINITIONS.find((t) => t.name === name)!;

  test('plan_capacity takes traffic and an SLO; rps is required', () => {
    const s = tool('plan_capacity').input_schema;
    assert.deepEqual(Object.keys(s.properties), ['rps', 'avg_rps', 'input_len', 'output_len', 'slo', 'gpus', 'objective', 'budget_usd_per_hour']);
    assert.deepEqual(s.required, ['rps']);
    assert.equal(s.additionalProperties, false);
    assert.deepEqual((s.properties.objective as { enum: string[] }).enum, ['cost', 'throughput', 'latency']);
  });

  test('estimate_what_if offers exactly the table’s what-if rows, and not num_gpus', () => {
    const props = Object.keys(tool('estimate_what_if').input_schema.properties);
    const rows = ENGINE_ARGS.filter((r) => 'whatIf' in r && r.whatIf).map((r) => r.name);
    assert.deepEqual(props.filter((p) => !['deployment', 'gpu', 'replicas', 'traffic'].includes(p)), rows);
    assert.ok(!props.includes('num_gpus'));
    for (const r of rows) assert.equal(typeof parseWhatIf({ [r]: {} }), 'string', `${r} rejects the wrong type`);
  });

  test('plan_capacity input is validated before it reaches the planner', () => {
    assert.deepEqual(parsePlanCapacity({ rps: 40, slo: ' ttft:p95<800ms ', gpus: [' L4 '] }), { rps: 40, slo: 'ttft:p95<800ms', gpus: ['L4'] });
    assert.equal(parsePlanCapacity({ input_len: 10 }), '"rps" (peak requests per second) is required');
    assert.equal(parsePlanCapacity({ rps: 0 }), 'rps must be positive');
    assert.equal(parsePlanCapacity({ rps: 1, input_len: 1.5 }), 'input_len must be a positive integer');
    assert.equal(parsePlanCapacity({ rps: 1, objective: 'vibes' }), 'objective must be one of cost, throughput, latency');
    assert.equal(parsePlanCapacity({ rps: 1, gpus: [] }), 'gpus must be a list of 1 to 12 GPU names');
    assert.equal(parsePlanCapacity({ rps: 1, replicas: 3 }), 'unknown field "replicas"');
  });
});
