/** What schema findings say and where they point, across formats. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { fixesFor } from '../../server/src/core/editing/fixes';

const run = (uri: string, text: string) => {
  const a = analyze({ uri, text });
  return a.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, text: text.slice(f.range.start, f.range.end), line: a.lines.position(f.range.start).line + 1 }));
};

test('a key from another server gets the vLLM name, not the nearest spelling', () => {
  const f = run('file:///w/serve.yaml', 'model: facebook/opt-125m\nmax-model-len: 2048\nmax_seq_len: 4096\n');
  const u = f.find((x) => x.code === 'schema/unknown-key');
  assert.ok(u);
  assert.equal(u.text, 'max_seq_len');
  assert.match(u.message, /Did you mean "max_model_len"\?/);
});

test('a value of the wrong type in a union gets one message naming every accepted type', () => {
  const f = run('file:///w/serve.yaml', 'model: facebook/opt-125m\nmax-num-seqs: 8\nmax-model-len: [1, 2]\n');
  const t = f.filter((x) => x.line === 3);
  assert.equal(t.length, 1, JSON.stringify(t));
  assert.equal(t[0].code, 'schema/wrong-type');
  assert.match(t[0].message, /an integer or a string/);
  assert.equal(t[0].text, '[1, 2]');
});

test('template placeholders are not reported as wrong types', () => {
  const f = run('file:///w/models/m/config.pbtxt', 'name: "m"\nbackend: "python"\nmax_batch_size: ${max_batch}\n');
  assert.deepEqual(f.filter((x) => x.severity === 'error'), []);
});

test('Ray Serve mappings that reject extra keys (ray_actor_options, logging_config, inline LLMConfig) make an unknown key an error', () => {
  const f = run(
    'file:///w/serve_config.yaml',
    'applications:\n  - name: a\n    import_path: ray.serve.llm:build_openai_app\n    deployments:\n      - name: D\n        ray_actor_options:\n          object_store_memory: 100\n          max_restarts: 3\n        logging_config:\n          log_levl: DEBUG\n        num_replica: 2\n    args:\n      llm_configs:\n        - model_loading_config: {model_id: x}\n          server_klass: a.b:C\n',
  );
  const u = (key: string) => f.find((x) => x.code === 'schema/unknown-key' && x.text === key);
  assert.equal(u('max_restarts')?.severity, 'error');
  assert.equal(u('max_restarts')?.line, 8);
  assert.match(u('max_restarts')!.message, /"Specifying 'max_restarts' in ray_actor_options is not allowed\."/);
  // A key Serve removed is named as removed, and stays an error with no version known.
  assert.equal(u('object_store_memory'), undefined);
  const removed = f.find((x) => x.code === 'schema/removed-key' && x.text === 'object_store_memory');
  assert.equal(removed?.severity, 'error');
  assert.equal(removed?.line, 7);
  assert.equal(u('log_levl')?.severity, 'error');
  assert.match(u('log_levl')!.message, /LoggingConfig forbids extra fields.*Did you mean "log_level"\?/);
  assert.equal(u('server_klass')?.severity, 'error');
  assert.match(u('server_klass')!.message, /Did you mean "server_cls"\?/);
  // The deployment itself still drops unknown fields silently.
  assert.equal(u('num_replica')?.severity, 'warning');
});

test('Ray Serve ignores unknown fields: a warning that says so', () => {
  const f = run('file:///w/serve_config.yaml', 'applications:\n  - name: a\n    import_path: m:app\n    deployments:\n      - name: D\n        num_replica: 2\n');
  const u = f.find((x) => x.code === 'schema/unknown-key');
  assert.ok(u);
  assert.equal(u.severity, 'warning');
  assert.match(u.message, /ignores unknown fields/);
  assert.match(u.message, /Did you mean "num_replicas"\?/);
});

test('missing required field points at the key of the mapping that lacks it', () => {
  const f = run('file:///w/serve_config.yaml', 'applications:\n  - name: a\n    route_prefix: /a\n');
  const m = f.find((x) => x.code === 'schema/missing-required');
  assert.ok(m, JSON.stringify(f));
  assert.match(m.message, /import_path/);
  assert.equal(m.line, 2);
  assert.equal(m.text, 'name');
});

test('a key known only to another form of the file offers no rename to itself', () => {
  // Anyscale service files put `name` beside `applications`; `name` belongs to Ray's
  // single-application form, so the nearest known key is the key itself.
  const text = 'applications:\n  - name: app\n    import_path: m:app\nname: my-service\n';
  const a = analyze({ uri: 'file:///w/serve_config.yaml', text });
  const u = a.findings.find((x) => x.code === 'schema/unknown-key');
  assert.ok(u, a.findings.map((x) => x.message).join('\n'));
  assert.equal(text.slice(u.range.start, u.range.end), 'name');
  assert.equal(u.message, 'Unknown Ray Serve field "name". Ray Serve ignores unknown fields, so this setting has no effect.');
  assert.equal(u.data?.suggestion, undefined);
  assert.deepEqual(fixesFor(u, a), []);
});
