/**
 * Keys newer than the release the user runs (vLLM, Ray Serve): an error naming the release that
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
import { rayServiceManifest } from './rayservice-manifest';

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
  assert.match(h.markdown, /_Added in vLLM 0\.21\.0 or a later release\. Schema of vLLM 0\.31\.x \(the newest; set servescope\.versions or version= to check against your release\)\._/);
  const old = hoverAt(a, text.indexOf('tensor-parallel-size') + 3);
  assert.ok(old);
  assert.match(old.markdown, /_Schema of vLLM 0\.31\.x \(the newest/);
  assert.doesNotMatch(old.markdown, /Added in/);
  const pinned = analyze({ uri: 'file:///w/vllm.yaml', text: `# servescope: vllm version=0.20.2\n${CONFIG}` });
  assert.match(hoverAt(pinned, pinned.text.indexOf('tensor-parallel-size') + 3)!.markdown, /_Schema of vLLM 0\.31\.x, checked against your 0\.20\.2\._/);
});

/** Writes `text` to a temporary NAME and gives `body` a runner of `servescope check ARGS FILE` (exit code, stdout, stderr). */
function withCheck(name: string, text: string, body: (run: (...args: string[]) => { code: number | Promise<number>; out: string; err: string }) => void) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servescope-added-'));
  try {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    body((...args) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = main(['check', ...args, file], (s) => out.push(s), (s) => err.push(s));
      return { code, out: out.join('\n'), err: err.join('\n') };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('servescope check --vllm-version judges the file against that release', () => {
  withCheck('vllm.yaml', `# servescope: vllm\n${CONFIG}`, (run) => {
    const old = run('--vllm-version', '0.20.2');
    assert.equal(old.code, 1);
    assert.match(old.out, /vllm\.yaml:4:1: error schema\/added-key: "max-num-scheduled-tokens" was added in vLLM 0\.21\.0 or later; your version 0\.20\.2 rejects it/);
    assert.doesNotMatch(old.out, /stream_interval/);
    assert.equal(run('--vllm-version', 'v0.32.0').code, 0);
    assert.equal(run().code, 0);
    const bad = run('--vllm-version', 'latest');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--vllm-version must be a release number/);
  });
});

const RAY = [
  'applications:',
  '  - name: llm',
  '    import_path: ray.serve.llm:build_openai_app',
  '    args:',
  '      llm_configs:',
  '        - model_loading_config:',
  '            model_id: qwen',
  '          engine_kwargs:',
  '            max_num_scheduled_tokens: 4096',
  '          deployment_config:',
  '            gang_scheduling_config:',
  '              gang_size: 2',
  '            ray_actor_options:',
  '              label_selector:',
  '                ray.io/accelerator-type: H100',
  '',
].join('\n');

function rayAdded(text: string, versions: Record<string, string> = {}, uri = 'file:///w/serve.yaml') {
  const a = analyze({ uri, text, settings: { ...DEFAULT_SETTINGS, versions } });
  return a.findings.filter((f) => f.code === 'schema/added-key').map((f) => ({ key: a.text.slice(f.range.start, f.range.end), severity: f.severity, message: f.message }));
}

test('Ray Serve: a key newer than the Ray release in servescope.versions names both releases; what the old release does with it decides the severity', () => {
  // Serve drops unknown deployment options (a warning: gang scheduling silently does not happen) ...
  assert.deepEqual(rayAdded(`# servescope: rayserve\n${RAY}`, { rayserve: '2.54.0' }), [
    {
      key: 'gang_scheduling_config',
      severity: 'warning',
      message: '"gang_scheduling_config" was added in Ray Serve 2.55.0 or later; your version 2.54.0 ignores it (Ray Serve drops fields it does not know here), so the setting has no effect. Upgrade Ray Serve, or drop the key.',
    },
  ]);
  // ... but refuses unknown ray_actor_options.
  assert.deepEqual(rayAdded(`# servescope: rayserve\n${RAY}`, { rayserve: '2.51.0' })[1], {
    key: 'label_selector',
    severity: 'error',
    message: '"label_selector" was added in Ray Serve 2.52.0 or later; your version 2.51.0 rejects it as unrecognized. Upgrade Ray Serve, or drop the key.',
  });
  assert.deepEqual(rayAdded(`# servescope: rayserve\n${RAY}`, { rayserve: '2.55.0' }), []);
  assert.deepEqual(rayAdded(`# servescope: rayserve\n${RAY}`), []);
});

test('Ray Serve: engine_kwargs follow the vLLM version, not the modeline Ray version', () => {
  // version= is Ray's in a Ray file: the vLLM argument inside is not judged by it.
  assert.deepEqual(rayAdded(`# servescope: rayserve version=2.55.0\n${RAY}`).map((f) => f.key), []);
  const vllm = rayAdded(`# servescope: rayserve version=2.55.0\n${RAY}`, { vllm: '0.20.2' });
  assert.deepEqual(vllm.map((f) => f.key), ['max_num_scheduled_tokens']);
  assert.match(vllm[0].message, /added in vLLM 0\.21\.0 or later; your version 0\.20\.2/);
});

// rayVersion is there to show it is left aside: the image decides.
const RAYSERVICE = (image: string) => rayServiceManifest(RAY, image, '2.55.0');

test("Ray Serve in a RayService: the head image's tag is the Ray release, below servescope.versions", () => {
  const keys = (image: string, versions?: Record<string, string>) => rayAdded(RAYSERVICE(image), versions, 'file:///w/rayservice.yaml').map((f) => f.key);
  assert.deepEqual(keys('rayproject/ray:2.46.0-py311-gpu'), ['gang_scheduling_config', 'label_selector']);
  assert.deepEqual(keys('rayproject/ray-llm:2.54.0-py311-cu128'), ['gang_scheduling_config']);
  // The tag form of KubeRay's ray-service.deepseek.yaml sample.
  assert.deepEqual(keys('rayproject/ray-llm:ray-2.48.0-py311-cu128'), ['gang_scheduling_config', 'label_selector']);
  assert.deepEqual(keys('docker.io/rayproject/ray:2.55.1'), []);
  // No release in the tag: the schema's newest release decides, and rayVersion alone does not pin one.
  assert.deepEqual(keys('rayproject/ray:nightly-py311-gpu'), []);
  assert.deepEqual(keys('rayproject/ray:2.46.0-py311-gpu', { rayserve: '2.58.0' }), []);
});

test('the hover in a Ray file names the schema each key comes from, and the release it is checked against', () => {
  const text = `# servescope: rayserve version=2.54.0\n${RAY}`;
  const a = analyze({ uri: 'file:///w/serve.yaml', text });
  const gang = hoverAt(a, text.indexOf('gang_scheduling_config') + 2)!.markdown;
  assert.match(gang, /_Added in Ray Serve 2\.55\.0 or a later release\. Schema of Ray Serve master after 2\.58\.0, checked against your 2\.54\.0\._/);
  const engine = hoverAt(a, text.indexOf('max_num_scheduled_tokens') + 2)!.markdown;
  assert.match(engine, /_Added in vLLM 0\.21\.0 or a later release\. Schema of vLLM 0\.31\.x \(the newest/);
});

test('servescope check --ray-version judges Ray files against that release; the other flags are checked alike', () => {
  withCheck('serve.yaml', `# servescope: rayserve\n${RAY}`, (run) => {
    const old = run('--ray-version', '2.51.0');
    assert.equal(old.code, 1);
    assert.match(old.out, /serve\.yaml:12:13: warning schema\/added-key: "gang_scheduling_config" was added in Ray Serve 2\.55\.0 or later; your version 2\.51\.0 ignores it/);
    assert.match(old.out, /serve\.yaml:15:15: error schema\/added-key: "label_selector" was added in Ray Serve 2\.52\.0 or later; your version 2\.51\.0 rejects it/);
    assert.doesNotMatch(old.out, /max_num_scheduled_tokens/);
    assert.equal(run('--ray-version', '2.54.0').code, 0);
    assert.equal(run('--ray-version', '2.55.0').out.includes('added-key'), false);
    assert.equal(run('--ray-version', '2.55.0', '--vllm-version', '0.20.2').code, 1);
    for (const flag of ['--ray-version', '--triton-version', '--bentoml-version']) {
      const bad = run(flag, 'latest');
      assert.equal(bad.code, 2);
      assert.match(bad.err, new RegExp(`${flag} must be a release number`));
    }
  });
});

test('Triton: --triton-version (a container release, YY.MM) judges model_config fields by the release branch that added them', () => {
  const config = ['backend: "python"', 'max_batch_size: 0', 'input [ { name: "x" data_type: TYPE_FP32 dims: [ 4 ] optional: true } ]', 'output [ { name: "y" data_type: TYPE_FP32 dims: [ 4 ] } ]', ''].join('\n');
  withCheck('config.pbtxt', `# servescope: triton\n${config}`, (run) => {
    const old = run('--triton-version', '21.12');
    assert.equal(old.code, 1);
    assert.match(old.out, /config\.pbtxt:4:54: error schema\/added-key: "optional" was added in Triton 22\.01; your version 21\.12 rejects it as unrecognized/);
    assert.equal(run('--triton-version', '22.01').code, 0);
    assert.equal(run().code, 0);
  });
});

test('BentoML: --bentoml-version judges bentofile keys by the release tag that added them', () => {
  const bentofile = ['service: "service:Summarization"', 'args:', '  model_id: distilbart', 'python:', '  packages:', '    - torch', ''].join('\n');
  withCheck('bentofile.yaml', bentofile, (run) => {
    const old = run('--bentoml-version', '1.4.7');
    assert.equal(old.code, 1);
    assert.match(old.out, /bentofile\.yaml:2:1: error schema\/added-key: "args" was added in BentoML 1\.4\.8; your version 1\.4\.7 rejects it as unrecognized/);
    assert.equal(run('--bentoml-version', '1.4.8').code, 0);
  });
});
