/**
 * "Did you mean" fixes for unknown keys. When the key meant takes a list and the
 * value written is not one (BentoML's own example writes `model: {tag: sd}` for
 * `models:`), the fix wraps the value too, so applying it leaves a valid file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { fixesFor } from '../../server/src/core/editing/fixes';

function applyFirst(uri: string, text: string): { title: string; text: string; after: string[] } {
  const a = analyze({ uri, text });
  const f = a.findings.find((x) => x.code === 'schema/unknown-key');
  assert.ok(f, a.findings.map((x) => x.code).join());
  const fix = fixesFor(f, a)[0];
  const out = [...fix.edits].sort((x, y) => y.range.start - x.range.start).reduce((t, e) => t.slice(0, e.range.start) + e.newText + t.slice(e.range.end), text);
  return { title: fix.title, text: out, after: analyze({ uri, text: out }).findings.map((x) => x.code) };
}

test('a block mapping under the singular key becomes the first item of the list', () => {
  const r = applyFirst('file:///w/bentofile.yaml', 'service: "service.py:Svc"\nmodel:\n  tag: sd\n  filter: x # keep\ninclude:\n  - "service.py"\n');
  assert.equal(r.title, 'Change to "models" (a list)');
  assert.equal(r.text, 'service: "service.py:Svc"\nmodels:\n  - tag: sd\n    filter: x # keep\ninclude:\n  - "service.py"\n');
  assert.deepEqual(r.after, []);
});

test('a scalar becomes a one-item flow list', () => {
  const r = applyFirst('file:///w/bentofile.yaml', 'service: "service.py:Svc"\nmodel: sd:latest\n');
  assert.equal(r.text, 'service: "service.py:Svc"\nmodels: [sd:latest]\n');
  assert.deepEqual(r.after, []);
});

test('a key that takes the value as written is only renamed', () => {
  const r = applyFirst('file:///w/vllm.yaml', '# servescope: vllm\nmodel: facebook/opt-125m\ntensor-paralel-size: 1\n');
  assert.equal(r.title, 'Change to "tensor-parallel-size"');
  assert.equal(r.text, '# servescope: vllm\nmodel: facebook/opt-125m\ntensor-parallel-size: 1\n');
});
