/** Users stay in control: per-rule severity settings and disable comments, in YAML and pbtxt. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';

const VLLM = '# servescope: vllm\nmodel: facebook/opt-125m\nmax-model-len: 2048\nbogus-arg: 1\nmax-num-seqs: 8\n';

const codes = (uri: string, text: string, settings = {}) =>
  analyze({ uri, text, settings }).findings.map((f) => `${f.code}:${f.severity}`);

test('without controls the finding is reported', () => {
  assert.deepEqual(codes('file:///w/s.yaml', VLLM), ['schema/unknown-key:error']);
});

test('servescope-disable-next-line silences that rule on the next line only', () => {
  const text = VLLM.replace('bogus-arg: 1', '# servescope-disable-next-line schema/unknown-key\nbogus-arg: 1\nother-bogus: 2');
  assert.deepEqual(codes('file:///w/s.yaml', text), ['schema/unknown-key:error']);
  const only = analyze({ uri: 'file:///w/s.yaml', text }).findings[0];
  assert.equal(text.slice(only.range.start, only.range.end), 'other-bogus');
});

test('a disable comment for another rule does not silence this one', () => {
  const text = VLLM.replace('bogus-arg: 1', '# servescope-disable-next-line vllm/false-flag-ignored\nbogus-arg: 1');
  assert.deepEqual(codes('file:///w/s.yaml', text), ['schema/unknown-key:error']);
});

test('servescope-disable-line at the end of the line works in pbtxt too', () => {
  const text = 'name: "m"\nbackend: "python"\nmax_batch_size: -1 # servescope-disable-line schema/out-of-range\n';
  assert.deepEqual(codes('file:///w/m/config.pbtxt', text), []);
  assert.deepEqual(codes('file:///w/m/config.pbtxt', text.replace(' # servescope-disable-line schema/out-of-range', '')), ['schema/out-of-range:error']);
});

test('severity setting per rule: downgrade or turn off', () => {
  assert.deepEqual(codes('file:///w/s.yaml', VLLM, { rules: { 'schema/unknown-key': 'hint' } }), ['schema/unknown-key:hint']);
  assert.deepEqual(codes('file:///w/s.yaml', VLLM, { rules: { 'schema/unknown-key': 'off' } }), []);
});

test('syntax errors cannot be silenced: the framework would not load the file', () => {
  const text = '# servescope: vllm\n# servescope-disable-next-line\nmodel: [unclosed\n';
  assert.ok(codes('file:///w/s.yaml', text).some((c) => c.startsWith('yaml/')));
});
