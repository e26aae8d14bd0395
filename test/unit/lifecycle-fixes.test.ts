/**
 * Deprecated and removed keys get a one-click rename only when a rename alone keeps
 * the config meaning the same; otherwise the message says what to use and no fix is
 * offered.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { fixesFor } from '../../server/src/core/editing/fixes';

function lifecycle(uri: string, text: string): { key: string; message: string; fixed: string[] }[] {
  const a = analyze({ uri, text });
  return a.findings
    .filter((f) => f.code === 'schema/deprecated-key' || f.code === 'schema/removed-key')
    .map((f) => ({
      key: text.slice(f.range.start, f.range.end),
      message: f.message,
      fixed: fixesFor(f, a).map((fx) => fx.edits.reduceRight((t, e) => t.slice(0, e.range.start) + e.newText + t.slice(e.range.end), text)),
    }));
}

test('a plain rename to a key of the same type is offered, in the file\'s spelling', () => {
  const text = '# servescope: vllm\nmodel: facebook/opt-125m\nmax-seq-len-to-capture: 8192\n';
  const [f] = lifecycle('file:///w/vllm.yaml', text);
  assert.equal(f.key, 'max-seq-len-to-capture');
  assert.deepEqual(f.fixed, ['# servescope: vllm\nmodel: facebook/opt-125m\nmax-cudagraph-capture-size: 8192\n']);

  const ray = 'applications:\n  - name: a\n    import_path: m:app\n    deployments:\n      - name: D\n        max_concurrent_queries: 8\n';
  const [r] = lifecycle('file:///w/serve_config.yaml', ray);
  assert.deepEqual(r.fixed, [ray.replace('max_concurrent_queries', 'max_ongoing_requests')]);
});

test('a replacement somewhere else in the file is named, not renamed to a dotted key', () => {
  const text = 'api_server:\n  workers: 1\n  timeout: 60\n';
  const [f] = lifecycle('file:///w/bentoml_configuration.yaml', text);
  assert.equal(f.key, 'timeout');
  assert.match(f.message, /use "api_server\.traffic\.timeout"/);
  assert.deepEqual(f.fixed, []);
});

test('no rename that changes the shape or flips the meaning of the value', () => {
  const text = '# servescope: vllm\nmodel: facebook/opt-125m\nspeculative-model: foo\ndisable-log-requests: true\n';
  const found = lifecycle('file:///w/vllm.yaml', text);
  assert.deepEqual(found.map((f) => f.key), ['speculative-model', 'disable-log-requests']);
  // speculative-config takes a JSON object; enable-log-requests: true would turn logging on.
  for (const f of found) assert.deepEqual(f.fixed, [], f.key);
  assert.match(found[0].message, /use "speculative-config"/);
});

test('a key deprecated in a later release than the one running is not reported: its rename would break that release', () => {
  const cfg = (v?: string) => `# servescope: vllm${v ? ` version=${v}` : ''}\nmodel: facebook/opt-125m\ncompilation-config:\n  level: 3\n`;
  const newest = lifecycle('file:///w/vllm.yaml', cfg());
  assert.deepEqual(newest.map((f) => f.key), ['level']);
  assert.match(newest[0].message, /^"level" is deprecated since vLLM 0.11.0; use "mode"\. Renamed to mode when CompilationConfig gained CompilationMode/);
  assert.deepEqual(newest[0].fixed, [cfg().replace('level: 3', 'mode: 3')]);
  assert.deepEqual(lifecycle('file:///w/vllm.yaml', cfg('0.10.2')), []);
  assert.equal(lifecycle('file:///w/vllm.yaml', cfg('0.11.0')).length, 1);
});
