/**
 * A key Ray Serve removed (ray_actor_options.object_store_memory, ray-project/ray#45814): an
 * error naming the release that removed it for that release and later, and with no version
 * known, since the newest Serve refuses it at start-up; only a hint for a release before it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { hoverAt } from '../../server/src/core/editing/hover';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';
import { rayServiceManifest } from './rayservice-manifest';

const SERVE = [
  'applications:',
  '  - name: app',
  '    import_path: app:deployment',
  '    deployments:',
  '      - name: Model',
  '        ray_actor_options:',
  '          num_cpus: 1',
  '          object_store_memory: 104857600',
  '',
].join('\n');

function findings(text: string, uri = 'file:///w/serve_config.yaml', versions: Record<string, string> = {}) {
  const a = analyze({ uri, text, settings: { ...DEFAULT_SETTINGS, versions } });
  return a.findings
    .filter((f) => f.code.startsWith('schema/'))
    .map((f) => ({ code: f.code, severity: f.severity, key: a.text.slice(f.range.start, f.range.end), message: f.message }));
}

test('object_store_memory in ray_actor_options: an error from the release that removed it, a hint before it', () => {
  for (const version of ['2.31.0', '2.46.0', '2.58.0']) {
    const f = findings(`# servescope: rayserve version=${version}\n${SERVE}`);
    assert.deepEqual(f.map((x) => [x.code, x.severity, x.key]), [['schema/removed-key', 'error', 'object_store_memory']], version);
    assert.match(f[0].message, new RegExp(`^"object_store_memory" was removed in Ray Serve 2\\.31\\.0\\..*#45814.* Ray Serve ${version.replace(/\./g, '\\.')} rejects it at start-up\\.$`));
  }
  for (const version of ['2.24.0', '2.30.0']) {
    const f = findings(`# servescope: rayserve version=${version}\n${SERVE}`);
    assert.deepEqual(f.map((x) => [x.code, x.severity]), [['schema/removed-key', 'hint']], version);
    assert.match(f[0].message, new RegExp(`Still accepted by Ray Serve ${version.replace(/\./g, '\\.')}\\.$`));
  }
  // servescope.versions decides as the modeline does.
  assert.equal(findings(SERVE, undefined, { rayserve: '2.30.0' })[0].severity, 'hint');
});

test('with no version known it stays the error it was as an unknown key: the newest Serve refuses it', () => {
  const f = findings(SERVE);
  assert.deepEqual(f.map((x) => [x.code, x.severity, x.key]), [['schema/removed-key', 'error', 'object_store_memory']]);
  assert.match(f[0].message, /was removed in Ray Serve 2\.31\.0\..* The newest Ray Serve rejects it at start-up; if you run an older release, set servescope\.versions to it\.$/);
});

test('a RayService pins the release from its head image', () => {
  const manifest = (image: string) => rayServiceManifest(SERVE, image);
  const sev = (image: string) => findings(manifest(image), 'file:///w/rayservice.yaml').find((x) => x.key === 'object_store_memory')?.severity;
  assert.equal(sev('rayproject/ray:2.30.0-py311-gpu'), 'hint');
  assert.equal(sev('rayproject/ray:2.31.0-py311-gpu'), 'error');
  assert.equal(sev('rayproject/ray:nightly'), 'error');
});

test('in a standalone LLMConfig file (rayserve-llm schema) the same key is judged the same way', () => {
  const llm = 'model_loading_config:\n  model_id: qwen\ndeployment_config:\n  ray_actor_options:\n    object_store_memory: 100\n';
  assert.deepEqual(findings(`# servescope: rayserve-llm\n${llm}`, 'file:///w/llm_config.yaml').map((x) => [x.code, x.severity]), [['schema/removed-key', 'error']]);
  assert.deepEqual(findings(`# servescope: rayserve-llm version=2.30.0\n${llm}`, 'file:///w/llm_config.yaml').map((x) => [x.code, x.severity]), [['schema/removed-key', 'hint']]);
});

test('the hover on the key says which release removed it', () => {
  const text = `# servescope: rayserve version=2.31.0\n${SERVE}`;
  const a = analyze({ uri: 'file:///w/serve_config.yaml', text });
  const h = hoverAt(a, text.indexOf('object_store_memory') + 2)?.markdown ?? '';
  assert.match(h, /\*\*Removed\*\* in 2\.31\.0\. Serve dropped it from ray_actor_options/);
});
