/** YAML is read the way PyYAML reads it, with ranges, and with limits that keep the editor alive. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../server/src/core/parse/yaml';
import type { MapNode, ScalarNode } from '../../server/src/core/types';

const scalarOf = (text: string, key: string): ScalarNode => {
  const root = parseYaml(text).roots[0] as MapNode;
  return root.pairs.find((p) => p.key.value === key)!.value as ScalarNode;
};

test('YAML 1.1 scalars as PyYAML reads them', () => {
  assert.equal(scalarOf('a: yes\n', 'a').value, true);
  assert.equal(scalarOf('a: off\n', 'a').value, false);
  assert.equal(scalarOf('a: 3.10\n', 'a').value, 3.1);
  assert.equal(scalarOf('a: .\n', 'a').value, '.');
  assert.ok(Number.isNaN(scalarOf('a: .nan\n', 'a').value as number));
});

test('key and value ranges point at the text', () => {
  const text = 'model: facebook/opt-125m\nmax-model-len: 2048\n';
  const root = parseYaml(text).roots[0] as MapNode;
  const p = root.pairs[1];
  assert.equal(text.slice(p.key.range.start, p.key.range.end), 'max-model-len');
  assert.equal(text.slice(p.value!.range.start, p.value!.range.end), '2048');
});

test('comments are collected, trailing ones too, but not # inside quotes', () => {
  const t = parseYaml('# head\na: "x # not a comment" # tail\n');
  assert.deepEqual(t.comments.map((c) => c.text), ['head', 'tail']);
});

test('an alias bomb is cut off with a limit, not expanded', () => {
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 10; i++) lines.push(`${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(9).fill('*' + 'abcdefghij'[i - 1]).join(', ')}]`);
  const started = performance.now();
  const t = parseYaml(lines.join('\n') + '\n', { maxAliasExpansions: 1000 });
  assert.equal(t.limited?.code, 'yaml/alias-limit');
  assert.ok(performance.now() - started < 2000);
});

test('deep nesting is cut off with a limit, not a stack overflow', () => {
  const t = parseYaml('x: ' + '['.repeat(3000) + ']'.repeat(3000) + '\n', { maxDepth: 200 });
  assert.equal(t.limited?.code, 'yaml/too-deep');
});
