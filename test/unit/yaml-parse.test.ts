/** YAML is read the way PyYAML reads it, with ranges, and with limits that keep the editor alive. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../server/src/core/parse/yaml';
import { createYamlParseCache, parseYamlIncremental } from '../../server/src/core/parse/yamlIncremental';
import { analyze } from '../../server/src/core/analyze';
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

test('compact collections opened in a row on one line are refused before they reach the parser', () => {
  // 40,000 nested `- ` used to abort the whole process inside `yaml` (a V8 out-of-memory no catch sees).
  const text = 'k: ' + '- '.repeat(40_000) + 'x\n';
  const t = parseYaml(text);
  assert.equal(t.limited?.code, 'yaml/too-deep');
  assert.equal(t.limited?.range.start, 3);
  assert.match(t.limited!.message, /More than 50 collection indicators/);
  // The editor's incremental parse must refuse it too, not hand it over block by block.
  const cache = createYamlParseCache({ minChars: 0 });
  assert.equal(parseYamlIncremental(`a: 1\n${text}b: 2\n`, {}, cache).limited?.code, 'yaml/too-deep');
});

test('dashes in a comment or a quoted string are text, not nesting', () => {
  const dashes = '- '.repeat(60);
  for (const text of [`# ${dashes}\na: 1\n`, `a: "${dashes}"\n`, `a: '${dashes}'\n`]) {
    const t = parseYaml(text);
    assert.equal(t.limited, undefined, text);
    assert.equal((t.roots[0] as MapNode).pairs[0].key.value, 'a');
  }
});

test('old Mac line endings (a lone \\r) break lines, as in PyYAML', () => {
  const text = 'model: facebook/opt-125m\rmax-num-seqs: 0\r';
  const root = parseYaml(text).roots[0] as MapNode;
  assert.deepEqual(root.pairs.map((p) => [p.key.value, (p.value as ScalarNode).value]), [['model', 'facebook/opt-125m'], ['max-num-seqs', 0]]);
  // Finding positions count the \r as a line break, as LSP does.
  const a = analyze({ uri: 'file:///tmp/cr/vllm.yaml', text: `# servescope: vllm\r${text}` });
  const f = a.findings.find((x) => x.code === 'schema/out-of-range');
  assert.ok(f, a.findings.map((x) => x.code).join());
  assert.deepEqual(a.lines.position(f.range.start), { line: 2, character: 14 });
  // Thousands of keys on \r-separated lines used to overflow `yaml`'s stack.
  const many = Array.from({ length: 20_000 }, (_, i) => `k${i}: 1`).join('\r');
  assert.equal((parseYaml(many).roots[0] as MapNode).pairs.length, 20_000);
});
