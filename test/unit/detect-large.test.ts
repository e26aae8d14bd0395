/**
 * Large YAML that is not a serving config (OpenAPI specs, Helm values, manifest
 * dumps) is turned away by its top-level keys before the slow full parse, while a
 * large file that is, or that a name/modeline/setting claims, is analysed as usual.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { mayBeServingConfig, PRESCREEN_BYTES } from '../../server/src/core/detect';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';

const paths = Array.from({ length: 20_000 }, (_, i) => `  /items/${i}:\n    get: {summary: "item ${i}"}`).join('\n');
const openapi = `openapi: 3.0.0\ninfo: {title: x, version: "1"}\npaths:\n${paths}\n`;

test('the fixture is over the screening size, or the test proves nothing', () => {
  assert.ok(openapi.length > PRESCREEN_BYTES, String(openapi.length));
});

test('a large OpenAPI spec is not parsed, and says why it was not claimed', () => {
  const a = analyze({ uri: 'file:///repo/api/openapi.yaml', text: openapi });
  assert.equal(a.detection.format, null);
  assert.match(a.detection.detail, /no top-level key of a serving config \(a \d+ KiB file is screened by its keys before parsing\)/);
  assert.equal(a.root, null);
  assert.deepEqual(a.findings, []);
});

test('the same text is analysed when its name, a modeline or a setting claims it', () => {
  const named = analyze({ uri: 'file:///repo/bentofile.yaml', text: openapi });
  assert.equal(named.detection.format, 'bentoml');
  assert.ok(named.findings.some((f) => f.code === 'schema/unknown-key' && /"openapi"/.test(f.message)), named.findings.map((f) => f.message).join('\n'));

  const modeline = analyze({ uri: 'file:///repo/api/openapi.yaml', text: `# servescope: vllm\n${openapi}` });
  assert.equal(modeline.detection.format, 'vllm');
  assert.ok(modeline.findings.some((f) => f.code === 'schema/unknown-key'));

  const setting = analyze({ uri: 'file:///repo/api/openapi.yaml', text: openapi, relativePath: 'api/openapi.yaml', settings: { files: { 'api/*.yaml': 'rayserve' } } });
  assert.equal(setting.detection.format, 'rayserve');
});

test('a large file with serving keys at the top is parsed and detected by content', () => {
  const models = Array.from({ length: 30_000 }, (_, i) => `  - alias-${i}`).join('\n');
  const vllm = `model: meta-llama/Llama-3.1-8B-Instruct\ntensor-parallel-size: 1\nserved-model-name:\n${models}\n`;
  assert.ok(vllm.length > PRESCREEN_BYTES);
  const a = analyze({ uri: 'file:///repo/deploy/config.yaml', text: vllm });
  assert.equal(a.detection.format, 'vllm', a.detection.detail);
  assert.equal(a.detection.reason, 'content');
});

test('the screen errs toward parsing: any content key, a vLLM argument, or a root flow mapping', () => {
  assert.equal(mayBeServingConfig('openapi: 3.0.0\npaths: {}\n'), false);
  assert.equal(mayBeServingConfig('image: nginx\nreplicaCount: 2\n'), false);
  assert.equal(mayBeServingConfig('image: nginx\napplications:\n  - name: a\n'), true);
  assert.equal(mayBeServingConfig('"service": "svc:Svc"\n'), true);
  assert.equal(mayBeServingConfig('foo: 1\nmax-model-len: 4096\n'), true);
  assert.equal(mayBeServingConfig('{model: x, tensor-parallel-size: 2}\n'), true);
  // Indented keys are not top-level keys.
  assert.equal(mayBeServingConfig('spec:\n  model: x\n  applications: []\n'), false);
});

test('a claimed file over servescope.limits.maxFileBytes gets one warning on its first line, not an analysis', () => {
  const text = `# servescope: vllm\nmodel: facebook/opt-125m\n${'# padding\n'.repeat(120_000)}`;
  assert.ok(text.length > 1024 * 1024);
  const a = analyze({ uri: 'file:///repo/vllm.yaml', text });
  assert.deepEqual(
    a.findings.map((f) => [f.code, f.severity, f.range.start]),
    [['servescope/file-too-large', 'warning', 0]],
  );
  assert.match(a.findings[0].message, /^File is 1\.1 MiB, over the 1\.0 MiB limit \(servescope\.limits\.maxFileBytes\); ServeScope does not analyse it\.$/);
  // Raising the limit analyses it.
  const raised = analyze({ uri: 'file:///repo/vllm.yaml', text, settings: { limits: { ...DEFAULT_SETTINGS.limits, maxFileBytes: 4 * 1024 * 1024 } } });
  assert.ok(!raised.findings.some((f) => f.code === 'servescope/file-too-large'));
  assert.equal(raised.detection.format, 'vllm');
});
