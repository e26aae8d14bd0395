/**
 * The vLLM release a user runs decides how its memory is budgeted: the same in the
 * editor (servescope.versions, `# servescope: version=`), in `estimate --vllm-version`
 * and in the plan; every estimate names the release it followed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { analyze } from '../../server/src/core/analyze';

const ROOT = path.resolve(__dirname, '..', '..');
const CONFIG = 'model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 65536\nenable-chunked-prefill: false\n';

function estimateOf(header: string) {
  const a = analyze({ uri: 'file:///ws/v.yaml', text: `${header}\n${CONFIG}` });
  const e = a.estimates[0];
  assert.ok(e?.estimate?.memory, `no estimate: ${e?.missing}`);
  return e;
}

test('version= in the comment budgets memory like that release and says so', () => {
  const v0 = estimateOf('# servescope: gpu=H100-SXM-80GB version=0.6.3');
  const v1 = estimateOf('# servescope: gpu=H100-SXM-80GB version=0.11.0');
  const none = estimateOf('# servescope: gpu=H100-SXM-80GB');
  assert.equal(v0.input?.engine, 'v0');
  assert.equal(v1.input?.engine, 'v1');
  assert.equal(v0.estimate!.assumptions[0], 'memory budgeting of vLLM 0.6.3 (V0 engine)');
  assert.equal(v1.estimate!.assumptions[0], 'memory budgeting of vLLM 0.11.0 (V1 engine)');
  assert.match(none.estimate!.assumptions[0], /V1 engine \(0\.8 and later; say the release/);
  // V0 without chunked prefill profiles a whole max_model_len batch: less KV than V1 on the same file.
  assert.ok(v0.estimate!.memory!.kvCacheTokens < v1.estimate!.memory!.kvCacheTokens, `${v0.estimate!.memory!.kvCacheTokens} vs ${v1.estimate!.memory!.kvCacheTokens}`);
});

test('servescope.versions wins over the comment, as it does for removed arguments', () => {
  const a = analyze({ uri: 'file:///ws/v.yaml', text: `# servescope: gpu=H100-SXM-80GB version=0.11.0\n${CONFIG}`, settings: { versions: { vllm: '0.6.3' } } });
  assert.equal(a.estimates[0].input?.engine, 'v0');
});

test('estimate --vllm-version: the CLI follows the release, and a bad value is a usage error', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/src/cli.ts'), 'estimate', ...args], { cwd: ROOT, encoding: 'utf8' });
  const ok = cli('--model', 'meta-llama/Llama-3.1-8B-Instruct', '--gpu', 'H100-SXM-80GB', '--max-model-len', '64k', '--vllm-version', '0.6.3', '--json');
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).assumptions[0], 'memory budgeting of vLLM 0.6.3 (V0 engine)');
  const bad = cli('--model', 'meta-llama/Llama-3.1-8B-Instruct', '--gpu', 'H100-SXM-80GB', '--vllm-version', 'banana');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--vllm-version must be a release number/);
});

test('plan --vllm-version: every candidate estimate names the release it followed', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/src/cli.ts'), 'plan', '--model', 'meta-llama/Llama-3.1-8B-Instruct', '--rps', '5', '--gpu', 'H100-SXM-80GB', '--vllm-version', '0.6.3', '--json'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.ok(j.plans.length > 0);
  for (const p of j.plans.filter((x: { assumptions?: string[] }) => x.assumptions?.length)) assert.ok(p.assumptions.includes('memory budgeting of vLLM 0.6.3 (V0 engine)'), JSON.stringify(p.assumptions));
});
