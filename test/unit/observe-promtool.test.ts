/**
 * The generated rules as Prometheus itself reads them: `promtool check rules` over every
 * framework's file, and `promtool test rules` feeding series from two pods to show that an
 * alert fires once per deployment (the queries aggregate) and stays quiet when it should.
 * promtool comes from Debian's `prometheus` package, which `npm test` installs when root.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { renderRules } from '../../server/src/core/observe/rules';
import { CASES } from './observe-cases';

function findPromtool(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, 'promtool');
    if (dir && fs.existsSync(p)) return p;
  }
  return undefined;
}

const PROMTOOL = findPromtool();
if (!PROMTOOL && process.env.CI) throw new Error('promtool is missing in CI: install Debian\'s prometheus package (scripts/test.mjs does when root)');
const skip = PROMTOOL ? false : 'promtool not found: install Debian\'s prometheus package (apt-get install prometheus) to check the generated rules';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'servescope-promtool-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

function promtool(args: string[]): { code: number | null; out: string } {
  const r = spawnSync(PROMTOOL!, args, { encoding: 'utf8', cwd: tmp, timeout: 60_000 });
  return { code: r.status, out: r.stdout + r.stderr };
}

function write(name: string, text: string): string {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, text);
  return p;
}

describe('promtool check rules', { skip }, () => {
  for (const [name, inputs] of Object.entries(CASES)) {
    test(`${name}: the rules load and every alert is counted`, () => {
      const rules = renderRules(inputs);
      const r = promtool(['check', 'rules', write(`${name}.rules.yaml`, rules)]);
      assert.equal(r.code, 0, r.out);
      const alerts = rules.match(/^ {6}- alert: /gm)?.length ?? 0;
      assert.ok(alerts > 0);
      assert.match(r.out, new RegExp(`SUCCESS: ${alerts} rules found`));
    });
  }

  test('the check can fail: a broken expression is rejected', () => {
    const broken = renderRules(CASES.vllm).replace('> 0.9', '> > 0.9');
    const r = promtool(['check', 'rules', write('broken.rules.yaml', broken)]);
    assert.notEqual(r.code, 0, r.out);
  });
});

/** The rules without annotations, so expected alerts need only their labels. */
function labelsOnly(rules: string): string {
  const doc = parse(rules) as { groups: { rules: Record<string, unknown>[] }[] };
  for (const g of doc.groups) for (const r of g.rules) delete r.annotations;
  return stringify(doc);
}

interface Case {
  inputs: keyof typeof CASES;
  series: { series: string; values: string }[];
  alerts: { alertname: string; eval_time: string; exp_alerts: { exp_labels: Record<string, string> }[] }[];
}

const VLLM = { model_name: 'meta-llama/Llama-3.1-8B-Instruct', servescope_deployment: 'llama-8b', framework: 'vllm' };
const vllmSeries = (name: string, pod: string, values: string, extra = '') => ({
  series: `${name}{model_name="meta-llama/Llama-3.1-8B-Instruct",engine="0",pod="${pod}"${extra}}`,
  values,
});

const BEHAVIOUR: Record<string, Case> = {
  'vLLM queue and KV: two pods, one alert each, the quiet ones stay quiet': {
    inputs: 'vllm',
    series: [
      // 30 + 0 waiting over two engines is 15 per engine, above the default 10.
      vllmSeries('vllm:num_requests_waiting', 'a', '30x20'),
      vllmSeries('vllm:num_requests_waiting', 'b', '0x20'),
      // The fullest engine decides: 0.95 on one pod is enough.
      vllmSeries('vllm:kv_cache_usage_perc', 'a', '0.95x20'),
      vllmSeries('vllm:kv_cache_usage_perc', 'b', '0.2x20'),
      vllmSeries('vllm:num_preemptions_total', 'a', '5x20'),
    ],
    alerts: [
      { alertname: 'QueueAboveCapacity', eval_time: '10m', exp_alerts: [{ exp_labels: { ...VLLM, severity: 'warning' } }] },
      { alertname: 'KvCacheNearFull', eval_time: '12m', exp_alerts: [{ exp_labels: { ...VLLM, severity: 'warning' } }] },
      // A counter that does not move is no preemption.
      { alertname: 'Preempting', eval_time: '15m', exp_alerts: [] },
    ],
  },
  'vLLM error ratio counts finished_reason="error" only': {
    inputs: 'vllm',
    series: [
      { series: 'vllm:request_success_total{model_name="meta-llama/Llama-3.1-8B-Instruct",engine="0",finished_reason="stop",pod="a"}', values: '0+60x30' },
      { series: 'vllm:request_success_total{model_name="meta-llama/Llama-3.1-8B-Instruct",engine="0",finished_reason="abort",pod="a"}', values: '0+30x30' },
      { series: 'vllm:request_success_total{model_name="meta-llama/Llama-3.1-8B-Instruct",engine="0",finished_reason="error",pod="b"}', values: '0+3x30' },
    ],
    alerts: [{ alertname: 'ErrorRatioHigh', eval_time: '20m', exp_alerts: [{ exp_labels: { ...VLLM, severity: 'page' } }] }],
  },
  'vLLM burn rate reads the bucket at the bound, spelled as Python spells it': {
    inputs: 'vllm',
    series: [
      // 90 of every 100 first tokens slower than 0.75 s on one pod: 90% slow against a 5% budget.
      vllmSeries('vllm:time_to_first_token_seconds_bucket', 'a', '0+10x90', ',le="0.75"'),
      vllmSeries('vllm:time_to_first_token_seconds_count', 'a', '0+100x90'),
      // 1 in 200 end-to-end above 20 s: half the p99 budget, no burn.
      vllmSeries('vllm:e2e_request_latency_seconds_bucket', 'b', '0+199x90', ',le="20.0"'),
      vllmSeries('vllm:e2e_request_latency_seconds_count', 'b', '0+200x90'),
    ],
    alerts: [
      { alertname: 'TtftP95BudgetBurnFast', eval_time: '70m', exp_alerts: [{ exp_labels: { ...VLLM, severity: 'page' } }] },
      { alertname: 'E2eP99BudgetBurnFast', eval_time: '70m', exp_alerts: [] },
    ],
  },
  'Triton error ratio leaves cancellations out': {
    inputs: 'triton',
    series: [
      { series: 'nv_inference_request_success{model="llama_vllm",version="1",pod="a"}', values: '0+100x30' },
      { series: 'nv_inference_request_failure{model="llama_vllm",version="1",reason="CANCELED",pod="a"}', values: '0+50x30' },
    ],
    alerts: [{ alertname: 'ErrorRatioHigh', eval_time: '20m', exp_alerts: [] }],
  },
  'Ray Serve queue per healthy replica, and the ceiling from the plan': {
    inputs: 'rayserve',
    series: [
      { series: 'ray_serve_deployment_queued_queries{application="llm",deployment="LLMServer",handle="h1",actor_id="x"}', values: '25x30' },
      { series: 'ray_serve_deployment_replica_healthy{application="llm",deployment="LLMServer",replica="r1"}', values: '1x30' },
      { series: 'ray_serve_deployment_replica_healthy{application="llm",deployment="LLMServer",replica="r2"}', values: '1x30' },
      { series: 'ray_serve_autoscaling_target_replicas{application="llm",deployment="LLMServer"}', values: '4x30' },
    ],
    alerts: [
      { alertname: 'QueueAboveCapacity', eval_time: '10m', exp_alerts: [{ exp_labels: { application: 'llm', deployment: 'LLMServer', servescope_deployment: 'llm', framework: 'rayserve', severity: 'warning' } }] },
      { alertname: 'AtMaxReplicasWithQueue', eval_time: '20m', exp_alerts: [{ exp_labels: { application: 'llm', deployment: 'LLMServer', servescope_deployment: 'llm', framework: 'rayserve', severity: 'ticket' } }] },
    ],
  },
};

describe('promtool test rules', { skip }, () => {
  for (const [title, c] of Object.entries(BEHAVIOUR)) {
    test(title, () => {
      const rulesFile = `${c.inputs}.behaviour.rules.yaml`;
      write(rulesFile, labelsOnly(renderRules(CASES[c.inputs])));
      const spec = { rule_files: [rulesFile], evaluation_interval: '1m', tests: [{ interval: '1m', input_series: c.series, alert_rule_test: c.alerts }] };
      const r = promtool(['test', 'rules', write(`${c.inputs}.test.yaml`, stringify(spec))]);
      assert.equal(r.code, 0, r.out);
      assert.match(r.out, /SUCCESS/);
    });
  }
});
