/**
 * Completion in config.pbtxt as the user types: the fields valid in the enclosing
 * message, the enum values after `field:`, and the same on a very long line (a
 * generated one-line message), where only the end of the line is read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { completionsAt } from '../../server/src/core/editing/completion';

const uri = 'file:///repo/models/m/config.pbtxt';

function complete(text: string, marker = '|'): { labels: string[]; replaced: string } {
  const offset = text.indexOf(marker);
  const clean = text.slice(0, offset) + text.slice(offset + marker.length);
  const a = analyze({ uri, text: clean, languageId: 'pbtxt' });
  const r = completionsAt(a, offset);
  assert.ok(r, 'no completion context');
  return { labels: r.items.map((i) => i.label), replaced: clean.slice(r.range.start, r.range.end) };
}

test('inside instance_group the fields of ModelInstanceGroup are offered, minus those present', () => {
  const { labels, replaced } = complete('name: "m"\nbackend: "python"\ninstance_group [ { count: 1 ki| } ]\n');
  assert.ok(labels.includes('kind'), labels.join());
  assert.ok(labels.includes('gpus'));
  assert.ok(!labels.includes('count'), 'count is already written');
  assert.ok(!labels.includes('max_batch_size'), 'a ModelConfig field is not an instance_group field');
  assert.equal(replaced, 'ki');
});

test("after `kind:` the enum's values are offered", () => {
  const { labels } = complete('name: "m"\nbackend: "python"\ninstance_group [ { count: 1 kind: KIND_| } ]\n');
  assert.deepEqual(labels.filter((l) => l.startsWith('KIND_')).sort(), ['KIND_AUTO', 'KIND_CPU', 'KIND_GPU', 'KIND_MODEL']);
});

test('on a 40 KB one-line config the context still comes from the end of the line', () => {
  const inputs = Array.from({ length: 800 }, (_, i) => `input { name: "INPUT_${i}" data_type: TYPE_FP32 dims: [ 1 ] }`).join(' ');
  const { labels, replaced } = complete(`name: "m" backend: "python" ${inputs} instance_group [ { count: 1 kind: KIND_G| } ]\n`);
  assert.ok(labels.includes('KIND_GPU'), labels.join());
  assert.equal(replaced, 'KIND_G');
});
