/**
 * The `servescope` command as a CI job runs it: the real `bin/servescope` over the
 * built bundle, in its own process, judged by exit code and what it prints. Lives
 * with the LSP suite because both need `dist/` (npm test builds it first).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'servescope');

function servescope(args: string[], cwd = ROOT): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Writes `files` into a fresh directory, runs `fn` there, and removes it. */
function inTempDir(files: Record<string, string>, fn: (dir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servescope-cli-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('servescope check', () => {
  test('a clean file exits 0; an error exits 1 and names file:line:col, severity and code', () => {
    inTempDir({
      'good/vllm.yaml': '# servescope: vllm\nmodel: facebook/opt-125m\nmax-model-len: 2048\n',
      'bad/vllm.yaml': '# servescope: vllm\nmodel: facebook/opt-125m\ntensor-paralel-size: 2\n',
    }, (dir) => {
      const good = servescope(['check', 'good/vllm.yaml'], dir);
      assert.equal(good.code, 0, good.stdout + good.stderr);
      const bad = servescope(['check', 'bad/vllm.yaml'], dir);
      assert.equal(bad.code, 1, bad.stdout + bad.stderr);
      assert.match(bad.stdout, /^bad\/vllm\.yaml:3:1: error schema\/unknown-key: Unknown vLLM argument "tensor-paralel-size"\. Did you mean "tensor-parallel-size"\?$/m);
    });
  });

  test('--format json gives the range as 0-based LSP positions', () => {
    inTempDir({ 'config.pbtxt': 'name: "m"\nbackend: "python"\nmax_batch_size: -1\n' }, (dir) => {
      const r = servescope(['check', '--format', 'json', 'config.pbtxt'], dir);
      assert.equal(r.code, 1, r.stderr);
      const [file] = JSON.parse(r.stdout).files;
      const d = file.diagnostics.find((x: { code: string }) => x.code === 'schema/out-of-range');
      assert.ok(d, r.stdout);
      assert.equal(d.severity, 'error');
      // Line 3, column 17 in an editor's 1-based terms: the value -1.
      assert.deepEqual([d.range.start.line, d.range.start.character], [2, 16]);
    });
  });

  test('--format sarif is SARIF 2.1.0 with the rule id and region', () => {
    inTempDir({ 'vllm.yaml': '# servescope: vllm\nmodel: facebook/opt-125m\ntensor-paralel-size: 2\n' }, (dir) => {
      const r = servescope(['check', '--format', 'sarif', 'vllm.yaml'], dir);
      assert.equal(r.code, 1, r.stderr);
      const sarif = JSON.parse(r.stdout);
      assert.equal(sarif.version, '2.1.0');
      const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'schema/unknown-key');
      assert.ok(result, r.stdout);
      assert.equal(result.locations[0].physicalLocation.region.startLine, 3);
      // The rule table: a title to show and a page a reader of the report can open.
      const rule = sarif.runs[0].tool.driver.rules.find((x: { id: string }) => x.id === 'schema/unknown-key');
      assert.equal(rule.shortDescription.text, 'A key the framework does not know');
      assert.equal(rule.helpUri, 'https://github.com/servescope/servescope/blob/main/docs/rules/schema/unknown-key.md');
      assert.equal(rule.defaultConfiguration.level, 'error');
      // A guessed rename is not applied unreviewed; the rule's sources travel with it.
      assert.equal(rule.properties.fixKind, 'unsafe');
      assert.match(rule.properties.sources[0], /schemas/);
    });
  });

  test('usage mistakes exit 2 with the reason on stderr', () => {
    const none = servescope(['check']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /check needs at least one PATH/);
    const fmt = servescope(['check', '--format', 'xml', 'examples']);
    assert.equal(fmt.code, 2);
    assert.match(fmt.stderr, /--format must be text, json or sarif \(got "xml"\)/);
  });
});

describe('servescope estimate', () => {
  test('--json gives the field names DESIGN.md lists, and exit 0 when the server would start', () => {
    const r = servescope(['estimate', '--model', 'meta-llama/Llama-3.1-8B-Instruct', '--gpu', 'NVIDIA H100 80GB HBM3', '--max-model-len', '8192', '--input-len', '1024', '--output-len', '256', '--concurrency', '16', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    for (const k of ['weights_gib', 'activation_gib', 'non_torch_gib', 'kv_cache_gib', 'kv_cache_tokens', 'max_concurrency', 'fits', 'output_tok_s', 'ttft_ms', 'tpot_ms']) assert.ok(k in j, `missing ${k} in ${r.stdout}`);
    assert.equal(j.fits, true);
    // 8.03B bf16 parameters are 14.96 GiB.
    assert.ok(Math.abs(j.weights_gib - 14.96) < 0.05, String(j.weights_gib));
  });

  test('a model that cannot fit exits 1 and says why', () => {
    const r = servescope(['estimate', '--model', 'meta-llama/Llama-3.1-70B-Instruct', '--gpu', 'L4']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /would start: NO/);
  });

  test('an unknown model exits 2 and says it is unknown rather than guessing', () => {
    const r = servescope(['estimate', '--model', 'nobody/no-such-model-7b', '--gpu', 'H100']);
    assert.equal(r.code, 2);
    assert.match(r.stdout + r.stderr, /no-such-model-7b/);
    assert.doesNotMatch(r.stdout, /would start/);
  });

  test('--gpu-price prices a GPU the catalog has no price for', () => {
    const args = ['estimate', '--model', 'Qwen/Qwen2.5-7B-Instruct', '--gpu', 'MI210', '--max-model-len', '8192', '--concurrency', '8'];
    const unpriced = servescope(args);
    assert.equal(unpriced.code, 0, unpriced.stderr);
    assert.match(unpriced.stdout, /^cost: no price known for MI210 \(pass --gpu-price USD_PER_GPU_HOUR\)$/m);
    const priced = servescope([...args, '--gpu-price', '1.20']);
    const tokS = Number(/at 8 concurrent: ([\d,]+) output tok\/s/.exec(priced.stdout)?.[1].replace(/,/g, ''));
    assert.ok(tokS > 0, priced.stdout);
    const per1m = (1.2 / 3600 / tokS) * 1e6;
    // tok/s is printed rounded, so allow the last cent to differ.
    const shown = Number(/^cost: \$1\.20\/h \(your price\) · \$([\d.]+) per 1M output tokens$/m.exec(priced.stdout)?.[1]);
    assert.ok(Math.abs(shown - per1m) <= 0.011, `${shown} vs ${per1m}\n${priced.stdout}`);
  });

  test('--gpu-price NAME=USD applies to the GPU a config file names', () => {
    const r = servescope(['estimate', 'examples/rayserve/llm_app.yaml', '--gpu-price', 'NVIDIA L4=0.50']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^cost: \$0\.50\/h \(your price\)/m);
    const bad = servescope(['estimate', 'examples/rayserve/llm_app.yaml', '--gpu-price', '0.5']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--gpu-price 0\.5: say which GPU \(NAME=USD\), or pass --gpu/);
  });
});

describe('servescope plan', () => {
  const base = ['plan', '--model', 'meta-llama/Llama-3.1-8B-Instruct', '--rps', '20', '--avg-rps', '8', '--input-len', '1500', '--output-len', '300', '--gpu', 'H100-SXM-80GB', '--gpu', 'A100-SXM4-80GB', '--gpu-price', 'H100-SXM-80GB=3', '--gpu-price', 'A100-SXM4-80GB=1.5'];

  test('--json prints the plans, the chosen index and the curve; exit 0 when the chosen plan meets the SLO', () => {
    const r = servescope([...base, '--slo', 'ttft:p95<800ms;tpot:p95<60ms', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    const p = j.plans[j.chosen];
    assert.equal(p.meets_slo, true);
    assert.ok(p.p95_ttft_ms < 800 && p.p95_tpot_ms < 60, JSON.stringify(p));
    assert.equal(p.usd_per_hour, p.total_gpus * (p.gpu === 'H100-SXM-80GB' ? 3 : 1.5));
    assert.equal(p.settings.tensor_parallel_size, p.tensor_parallel_size);
    assert.ok(j.curve.length > 0 && j.curve.every((c: { plan: number }) => typeof c.plan === 'number'));
  });

  test('an unreachable SLO exits 1 and says what the closest plan misses', () => {
    const r = servescope([...base, '--slo', 'ttft:p95<5ms']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /SLO ttft:p95<5ms is not reachable: .*closest: .*ttft p95 \d+ ms against 5 ms/);
  });

  test('--replicas with one --gpu evaluates that fleet at that rate', () => {
    const r = servescope(['plan', '--model', 'meta-llama/Llama-3.1-8B-Instruct', '--rps', '20', '--gpu', 'A100-SXM4-80GB', '-t', '1', '--replicas', '2', '--json']);
    const j = JSON.parse(r.stdout);
    assert.equal(j.plans[j.chosen].replicas, 2);
    assert.equal(j.plans[j.chosen].total_gpus, 2);
  });

  test('usage errors and unknown names exit 2 with a message', () => {
    for (const [args, msg] of [
      [['plan', '--model', 'meta-llama/Llama-3.1-8B-Instruct'], /needs --rps/],
      [['plan', '--model', 'meta-llama/Llama-3.1-8B-Instruct', '--rps', 'fast'], /--rps must be a number/],
      [['plan', '--model', 'meta-llama/Llama-3.1-8B-Instruct', '--rps', '3', '--slo', 'ttft<1s'], /cannot read SLO term "ttft<1s"/],
      [['plan', '--model', 'meta-llama/Llama-3.1-8B-Instruct', '--rps', '3', '--gpu', 'FOO'], /GPU "FOO" is not in the catalog/],
      [['plan', '--model', 'nobody/nothing', '--rps', '3'], /nobody\/nothing/],
      [['plan', '--model', 'meta-llama/Llama-3.1-8B-Instruct', '--rps', '3', '--objective', 'vibes'], /--objective must be/],
    ] as [string[], RegExp][]) {
      const r = servescope(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}`);
      assert.match(r.stdout + r.stderr, msg, args.join(' '));
    }
  });

  test('a config file supplies the engine arguments and its GPU comment', () => {
    inTempDir({ 'vllm.yaml': '# servescope: vllm gpu=A100-SXM4-80GB\nmodel: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 8192\nmax-num-seqs: 64\n' }, (dir) => {
      const r = servescope(['plan', path.join(dir, 'vllm.yaml'), '--rps', '5', '--json']);
      assert.notEqual(r.code, 2, r.stderr);
      const j = JSON.parse(r.stdout);
      const p = j.plans[j.chosen];
      assert.equal(p.gpu, 'A100-SXM4-80GB');
      assert.equal(p.settings.max_model_len, 8192);
      assert.equal(p.settings.max_num_seqs, 64);
    });
  });
});
