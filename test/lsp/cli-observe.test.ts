/**
 * `servescope observe` as a user runs it: the real `bin/servescope` over the built bundle
 * (npm test builds it first), judged by exit code, what it prints and the files it writes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'servescope');

function servescope(args: string[], cwd = ROOT): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('servescope observe', () => {
  test('prints the rules for a vLLM config, selecting its series by served-model-name, not the model id', () => {
    const r = servescope(['observe', '--slo', 'ttft:p95<800ms;e2e:p99<20s', 'examples/vllm/llama-8b-h100.yaml']);
    assert.equal(r.code, 0, r.stderr);
    const rules = parse(r.stdout) as { groups: { name: string; rules: { alert: string; expr: string }[] }[] };
    assert.deepEqual(rules.groups.map((g) => g.name), ['servescope.llama-8b-h100.slo', 'servescope.llama-8b-h100.capacity']);
    const ttft = rules.groups[0].rules.find((x) => x.alert === 'TtftP95AboveSlo');
    assert.equal(ttft?.expr, 'histogram_quantile(0.95, sum by (le, model_name) (rate(vllm:time_to_first_token_seconds_bucket{model_name="llama-8b"}[5m]))) > 0.8');
    assert.equal(r.stderr, '');
  });

  test('--out writes NAME.rules.yaml and NAME.dashboard.json, and says so', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servescope-observe-'));
    try {
      const r = servescope(['observe', '--slo', 'e2e:p95<2s', '--rps', '5', '--name', 'qwen', '--out', dir, 'examples/rayserve/llm_app.yaml']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `wrote ${path.join(dir, 'qwen.rules.yaml')}\nwrote ${path.join(dir, 'qwen.dashboard.json')}\n`);
      const rules = fs.readFileSync(path.join(dir, 'qwen.rules.yaml'), 'utf8');
      assert.match(rules, /ray_serve_http_request_latency_ms_bucket\{application="llm"\}/);
      assert.match(rules, /# Expected peak load 5 req\/s\./);
      const dash = JSON.parse(fs.readFileSync(path.join(dir, 'qwen.dashboard.json'), 'utf8'));
      assert.equal(dash.title, 'qwen (servescope)');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--rps with --slo: queue and replica thresholds come from the operating point, labelled so', () => {
    const r = servescope(['observe', '--slo', 'ttft:p95<800ms;tpot:p95<60ms', '--rps', '40', 'examples/vllm/llama-8b-h100.yaml']);
    assert.equal(r.code, 0, r.stderr);
    const m = /# From the plan: waiting per replica (\d+): /.exec(r.stdout);
    assert.ok(m, r.stdout.slice(0, 800));
    assert.match(r.stdout, new RegExp(`threshold_source: "queue per engine ${m[1]} \\(from the plan\\)"`));
    assert.match(r.stdout, /threshold_source: "replica ceiling \d+ \(from the plan\)"/);
    assert.match(r.stdout, /threshold_source: "KV usage 0\.9 \(default, no plan given\)"/);
  });

  test('a Triton config is named after its model directory; an SLO it cannot measure is noted', () => {
    const r = servescope(['observe', '--slo', 'tpot:p95<60ms', 'examples/triton/model_repository/llama_vllm/config.pbtxt']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /nv_inference_pending_request_count\{model="llama_vllm"\}/);
    assert.equal(r.stderr, 'note: tpot:p95<60ms is not alerted for triton: Triton core exports no per-token timing.\n');
  });

  test('a bad --slo exits 2 with the parser’s message', () => {
    const r = servescope(['observe', '--slo', 'ttft<3', 'examples/vllm/llama-8b-h100.yaml']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^servescope observe: --slo: cannot read SLO term "ttft<3": write METRIC:pNN<VALUE/);
    assert.equal(r.stdout, '');
  });

  test('a file that is not a serving config, a missing file and no file exit 2', () => {
    assert.equal(servescope(['observe', 'README.md']).code, 2);
    assert.match(servescope(['observe', 'README.md']).stderr, /README\.md is not a recognised serving config/);
    assert.match(servescope(['observe', 'nope.yaml']).stderr, /nope\.yaml: no such file/);
    assert.equal(servescope(['observe']).code, 2);
    assert.equal(servescope(['observe', '--rps', '-1', 'examples/vllm/llama-8b-h100.yaml']).code, 2);
  });

  test('the usage text lists observe', () => {
    const r = servescope(['--help']);
    assert.match(r.stdout, /servescope observe CONFIG \[--slo SPEC\] \[--rps R\] \[--out DIR\] \[--name NAME\]/);
  });
});
