/**
 * Arguments newer than the release the user runs: an error naming the release that
 * added them, only when a version is known; and the hover says which release added a
 * key and which release the schema follows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { hoverAt } from '../../server/src/core/editing/hover';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';
import { main } from '../../server/src/cli';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CONFIG = [
  'model: Qwen/Qwen3-8B',
  'tensor-parallel-size: 2',
  'max-num-scheduled-tokens: 4096',
  'stream_interval: 4',
  '',
].join('\n');

function added(text: string, vllm?: string) {
  const a = analyze({ uri: 'file:///w/vllm.yaml', text: `# servescope: vllm\n${text}`, settings: { ...DEFAULT_SETTINGS, versions: vllm ? { vllm } : {} } });
  const head = '# servescope: vllm\n'.length;
  return a.findings
    .filter((f) => f.code === 'schema/added-key')
    .map((f) => ({ key: a.text.slice(f.range.start, f.range.end), start: f.range.start - head, severity: f.severity, message: f.message }));
}

test('a key added after the version in servescope.versions is an error on the key', () => {
  const found = added(CONFIG, '0.20.2');
  assert.deepEqual(found, [
    {
      key: 'max-num-scheduled-tokens',
      start: CONFIG.indexOf('max-num-scheduled-tokens'),
      severity: 'error',
      message: '"max-num-scheduled-tokens" was added in vLLM 0.21.0 or later; your version 0.20.2 rejects it as unrecognized. Upgrade vLLM, or drop the key.',
    },
  ]);
});

test('an older release also rejects keys added after the 0.10 line; 0.11.0 may have them', () => {
  assert.deepEqual(added(CONFIG, '0.10.2').map((f) => f.key), ['max-num-scheduled-tokens', 'stream_interval']);
  assert.deepEqual(added(CONFIG, '0.11.0').map((f) => f.key), ['max-num-scheduled-tokens']);
});

test('the modeline version counts like the setting', () => {
  const a = analyze({ uri: 'file:///w/vllm.yaml', text: `# servescope: vllm version=0.19.1\n${CONFIG}` });
  assert.deepEqual(a.findings.filter((f) => f.code === 'schema/added-key').map((f) => f.severity), ['error']);
});

test('no finding without a version, or on a release that has the key', () => {
  assert.deepEqual(added(CONFIG), []);
  assert.deepEqual(added(CONFIG, '0.32.0'), []);
  assert.deepEqual(added(CONFIG, '0.21.0'), []);
});

test('the hover names the release that added the key and the schema release', () => {
  const text = `# servescope: vllm\n${CONFIG}`;
  const a = analyze({ uri: 'file:///w/vllm.yaml', text });
  const h = hoverAt(a, text.indexOf('max-num-scheduled-tokens') + 3);
  assert.ok(h);
  assert.match(h.markdown, /_Added in vLLM 0\.21\.0 or a later release\. Schema of vLLM 0\.31\.x\._/);
  const old = hoverAt(a, text.indexOf('tensor-parallel-size') + 3);
  assert.ok(old);
  assert.match(old.markdown, /_Schema of vLLM 0\.31\.x\._/);
  assert.doesNotMatch(old.markdown, /Added in/);
});

test('servescope check --vllm-version judges the file against that release', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servescope-added-'));
  try {
    const file = path.join(dir, 'vllm.yaml');
    fs.writeFileSync(file, `# servescope: vllm\n${CONFIG}`);
    const run = (...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = main(['check', ...args, file], (s) => out.push(s), (s) => err.push(s));
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const old = run('--vllm-version', '0.20.2');
    assert.equal(old.code, 1);
    assert.match(old.out, /vllm\.yaml:4:1: error schema\/added-key: "max-num-scheduled-tokens" was added in vLLM 0\.21\.0 or later; your version 0\.20\.2 rejects it/);
    assert.doesNotMatch(old.out, /stream_interval/);
    assert.equal(run('--vllm-version', 'v0.32.0').code, 0);
    assert.equal(run().code, 0);
    const bad = run('--vllm-version', 'latest');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--vllm-version must be a release number/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
