import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parsePbtxt } from '../../server/src/core/parse/pbtxt';
import type { MapNode, PairNode, ScalarNode, SeqNode, SourceNode, SourceTree } from '../../server/src/core/types';

const CORPUS = '/work/shared/corpus/triton';

function root(tree: SourceTree): MapNode {
  assert.equal(tree.language, 'pbtxt');
  assert.equal(tree.roots.length, 1);
  const r = tree.roots[0]!;
  assert.equal(r.kind, 'map');
  return r as MapNode;
}

function pairs(map: MapNode, key: string): PairNode[] {
  return map.pairs.filter((p) => p.key.value === key);
}

function get(map: MapNode, key: string): SourceNode {
  const p = pairs(map, key);
  assert.equal(p.length, 1, `exactly one '${key}'`);
  assert.ok(p[0]!.value, `'${key}' has a value`);
  return p[0]!.value!;
}

function scalar(node: SourceNode): ScalarNode {
  assert.equal(node.kind, 'scalar');
  return node as ScalarNode;
}

/** 1-based line of an offset. */
function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split(/\r\n|\r|\n/).length;
}

/** Every key and scalar range must slice back to its source text. */
function checkRanges(text: string, node: SourceNode | null): void {
  if (!node) return;
  if (node.kind === 'scalar') {
    assert.equal(text.slice(node.range.start, node.range.end), node.source);
    return;
  }
  if (node.kind === 'seq') {
    assert.equal(text[node.range.start], '[');
    node.items.forEach((n) => checkRanges(text, n));
    return;
  }
  for (const p of node.pairs) {
    assert.equal(text.slice(p.key.range.start, p.key.range.end), p.key.source);
    assert.equal(p.range.start, p.key.range.start);
    if (p.value) assert.equal(p.range.end, p.value.range.end);
    checkRanges(text, p.value);
  }
}

describe('parsePbtxt: corpus', () => {
  const present = existsSync(CORPUS);
  const files = present ? readdirSync(CORPUS).filter((f) => f.endsWith('.pbtxt')) : [];
  it('parses every Triton corpus file without syntax errors', { skip: present ? false : `corpus folder missing: ${CORPUS}` }, () => {
    assert.ok(files.length > 0);
    for (const f of files) {
      const text = readFileSync(join(CORPUS, f), 'utf8');
      const tree = parsePbtxt(text);
      assert.deepEqual(tree.errors, [], f);
      assert.ok(root(tree).pairs.length > 0, f);
      checkRanges(text, root(tree));
    }
  });

  it('points keys at their names in real files', { skip: present ? false : `corpus folder missing: ${CORPUS}` }, () => {
    const text = readFileSync(join(CORPUS, 'odlab-triton__yolov_preprocess__config.pbtxt'), 'utf8');
    const tree = parsePbtxt(text);
    const mbs = pairs(root(tree), 'max_batch_size')[0]!;
    assert.equal(mbs.key.range.start, text.indexOf('max_batch_size'));
    assert.equal(scalar(mbs.value!).value, 16);
    const out = get(root(tree), 'output') as SeqNode;
    assert.equal(out.items.length, 4);
    const dims = get(out.items[0] as MapNode, 'dims') as SeqNode;
    assert.deepEqual(dims.items.map((n) => scalar(n).value), [3, 640, 640]);
    // Trailing comments are kept, with their text.
    assert.ok(tree.comments.some((c) => c.text === '(dw, dh)' && text.slice(c.range.start, c.range.end) === '# (dw, dh)'));
  });

  it('reads unquoted ${...} template placeholders as scalars', { skip: present ? false : `corpus folder missing: ${CORPUS}` }, () => {
    const text = readFileSync(join(CORPUS, 'tensorrtllm_backend__inflight_batcher_llm__tensorrt_llm_bls__config.pbtxt'), 'utf8');
    const tree = parsePbtxt(text);
    assert.deepEqual(tree.errors, []);
    const mtp = get(root(tree), 'model_transaction_policy') as MapNode;
    const decoupled = scalar(get(mtp, 'decoupled'));
    assert.equal(decoupled.source, '${decoupled_mode}');
    assert.equal(decoupled.value, '${decoupled_mode}');
    assert.equal(decoupled.range.start, text.indexOf('${decoupled_mode}'));
    assert.equal(pairs(root(tree), 'parameters').length, 3);
  });
});

describe('parsePbtxt: structure', () => {
  it('maps messages, lists and repeated fields', () => {
    const text = 'name: "m"\ninput { name: "a" }\ninput: { name: "b" }\noutput < name: "c" >\ndims: [ 1, -1 ]\ninstance_group [ { count: 1 }, { count: 2 } ]\n';
    const r = root(parsePbtxt(text));
    assert.deepEqual(r.pairs.map((p) => p.key.value), ['name', 'input', 'input', 'output', 'dims', 'instance_group']);
    const inputs = pairs(r, 'input');
    assert.equal(inputs[0]!.value!.kind, 'map');
    assert.equal(text.slice(inputs[0]!.value!.range.start, inputs[0]!.value!.range.end), '{ name: "a" }');
    assert.equal(text.slice(inputs[1]!.range.start, inputs[1]!.range.end), 'input: { name: "b" }');
    const out = get(r, 'output') as MapNode;
    assert.equal(text.slice(out.range.start, out.range.end), '< name: "c" >');
    const dims = get(r, 'dims') as SeqNode;
    assert.equal(dims.kind, 'seq');
    assert.deepEqual(dims.items.map((n) => scalar(n).value), [1, -1]);
    const ig = get(r, 'instance_group') as SeqNode;
    assert.deepEqual(ig.items.map((m) => scalar(get(m as MapNode, 'count')).value), [1, 2]);
  });

  it('parses one-line messages with optional , and ; separators', () => {
    const text = 'input [ { name: "x", data_type: TYPE_FP32; dims: [ 2 ] } ] max_batch_size: 4; model_transaction_policy { decoupled: true }';
    const tree = parsePbtxt(text);
    assert.deepEqual(tree.errors, []);
    const r = root(tree);
    const item = (get(r, 'input') as SeqNode).items[0] as MapNode;
    assert.deepEqual(item.pairs.map((p) => p.key.value), ['name', 'data_type', 'dims']);
    assert.equal(scalar(get(r, 'max_batch_size')).value, 4);
    assert.equal(scalar(get(get(r, 'model_transaction_policy') as MapNode, 'decoupled')).value, true);
  });

  it('decodes numbers, strings, booleans and identifiers', () => {
    const text = [
      'a: 42 b: -7 c: 0x1F d: 017 e: 1e-3 f: .5 g: inf h: -inf i: nan j: 1.0f k: 2.5',
      `s1: "tab\\t quote\\" back\\\\ hex\\x41 oct\\101 uni\\u00e9 utf8\\303\\251" s2: 'single' s3: "con" 'cat'`,
      'b1: true b2: False b3: t b4: f b5: True e1: KIND_GPU e2: TYPE_FP32 big: 9223372036854775807',
    ].join('\n');
    const tree = parsePbtxt(text);
    assert.deepEqual(tree.errors, []);
    const r = root(tree);
    const v = (k: string) => scalar(get(r, k)).value;
    assert.equal(v('a'), 42);
    assert.equal(v('b'), -7);
    assert.equal(v('c'), 31);
    assert.equal(v('d'), 15);
    assert.equal(v('e'), 0.001);
    assert.equal(v('f'), 0.5);
    assert.equal(v('g'), Infinity);
    assert.equal(v('h'), -Infinity);
    assert.ok(Number.isNaN(v('i')));
    assert.equal(v('j'), 1);
    assert.equal(v('s1'), 'tab\t quote" back\\ hexA octA unié utf8é');
    assert.equal(v('s2'), 'single');
    assert.equal(v('s3'), 'concat');
    assert.equal(scalar(get(r, 's3')).source, `"con" 'cat'`);
    assert.equal(scalar(get(r, 's1')).quoted, true);
    assert.deepEqual(['b1', 'b2', 'b3', 'b4', 'b5'].map(v), [true, false, true, false, true]);
    assert.equal(v('e1'), 'KIND_GPU');
    assert.equal(scalar(get(r, 'e1')).identifier, true);
    assert.equal(scalar(get(r, 'b1')).identifier, undefined);
    assert.equal(v('big'), '9223372036854775807', 'int64 beyond 2^53 keeps its exact digits');
    assert.equal(scalar(get(r, 'h')).source, '-inf');
  });

  it('collects # comments, including trailing and non-ASCII ones', () => {
    const text = '# header ✓\nname: "x" # trailing — ünïcode\n  # indented\nmax_batch_size: 1#tight';
    const tree = parsePbtxt(text);
    assert.deepEqual(tree.errors, []);
    assert.deepEqual(tree.comments.map((c) => c.text), ['header ✓', 'trailing — ünïcode', 'indented', 'tight']);
    for (const c of tree.comments) assert.equal(text[c.range.start], '#');
    assert.equal(scalar(get(root(tree), 'max_batch_size')).value, 1);
  });

  it('keeps exact offsets with CRLF line endings', () => {
    const text = 'name: "m"\r\n# note\r\ninput {\r\n  name: "a"\r\n  dims: [ 3 ]\r\n}\r\nmax_batch_size: 8\r\n';
    const tree = parsePbtxt(text);
    assert.deepEqual(tree.errors, []);
    assert.equal(tree.comments[0]!.text, 'note');
    assert.equal(text.slice(tree.comments[0]!.range.start, tree.comments[0]!.range.end), '# note');
    const mbs = pairs(root(tree), 'max_batch_size')[0]!;
    assert.equal(mbs.key.range.start, text.indexOf('max_batch_size'));
    checkRanges(text, root(tree));
  });

  it('handles an empty document and a lone comment', () => {
    for (const text of ['', '   \n', '# only a comment']) {
      const tree = parsePbtxt(text);
      assert.deepEqual(tree.errors, []);
      assert.equal(root(tree).pairs.length, 0);
      assert.deepEqual(root(tree).range, { start: 0, end: text.length });
    }
  });
});

describe('parsePbtxt: error recovery', () => {
  it('reports an unterminated string on its line and keeps later fields', () => {
    const text = 'name: "broken\nmax_batch_size: 8\ninput { name: "x" }\n';
    const tree = parsePbtxt(text);
    const e = tree.errors.find((x) => x.code === 'pbtxt/unterminated-string');
    assert.ok(e, JSON.stringify(tree.errors));
    assert.equal(lineOf(text, e.range.start), 1);
    assert.equal(scalar(get(root(tree), 'max_batch_size')).value, 8);
    assert.equal(pairs(root(tree), 'input').length, 1);
  });

  it('reports a missing closing brace at the unclosed message and keeps the fields after it at top level', () => {
    const text = [
      'name: "m"',
      'input {',
      '  name: "a"',
      '  dims: [ 1 ]',
      'output {',
      '  name: "b"',
      '}',
      'max_batch_size: 4',
    ].join('\n');
    const tree = parsePbtxt(text);
    const e = tree.errors.find((x) => x.code === 'pbtxt/unclosed-brace');
    assert.ok(e, JSON.stringify(tree.errors));
    assert.equal(lineOf(text, e.range.start), 2);
    const r = root(tree);
    assert.deepEqual(r.pairs.map((p) => p.key.value), ['name', 'input', 'output', 'max_batch_size']);
    assert.equal(scalar(get(get(r, 'output') as MapNode, 'name')).value, 'b');
    assert.equal(scalar(get(r, 'max_batch_size')).value, 4);
  });

  it('reports an unclosed brace at end of file', () => {
    const text = 'name: "m"\ndynamic_batching {\n  max_queue_delay_microseconds: 100\n';
    const tree = parsePbtxt(text);
    const e = tree.errors.find((x) => x.code === 'pbtxt/unclosed-brace');
    assert.ok(e);
    assert.equal(text.slice(e.range.start, e.range.end), '{');
    const db = get(root(tree), 'dynamic_batching') as MapNode;
    assert.equal(scalar(get(db, 'max_queue_delay_microseconds')).value, 100);
  });

  it('skips a garbage line and resumes at the next field', () => {
    const text = 'name: "m"\n%% this is garbage !!\nmax_batch_size: 2\ninstance_group [ { kind: KIND_GPU } ]\n';
    const tree = parsePbtxt(text);
    assert.ok(tree.errors.length >= 1);
    for (const e of tree.errors) {
      assert.equal(e.code, 'pbtxt/unexpected-token');
      assert.equal(lineOf(text, e.range.start), 2);
    }
    assert.deepEqual(root(tree).pairs.map((p) => p.key.value), ['name', 'max_batch_size', 'instance_group']);
  });

  it('skips words without a colon and resumes on the next line', () => {
    const text = 'name: "m"\nthis is not pbtxt\nmax_batch_size: 2\n';
    const tree = parsePbtxt(text);
    assert.equal(tree.errors.length, 1);
    assert.equal(lineOf(text, tree.errors[0]!.range.start), 2);
    assert.deepEqual(root(tree).pairs.map((p) => p.key.value), ['name', 'max_batch_size']);
  });

  it('reports a missing value without eating the next field', () => {
    const text = 'input {\n  name:\n  data_type: TYPE_FP32\n}\nmax_batch_size:';
    const tree = parsePbtxt(text);
    assert.deepEqual(tree.errors.map((e) => [e.code, lineOf(text, e.range.start)]), [
      ['pbtxt/missing-value', 2],
      ['pbtxt/missing-value', 5],
    ]);
    const input = get(root(tree), 'input') as MapNode;
    assert.equal(pairs(input, 'name')[0]!.value, null);
    assert.equal(scalar(get(input, 'data_type')).value, 'TYPE_FP32');
  });

  it('reports a missing comma or bracket in a list and keeps going', () => {
    const text = 'dims: [ 1 2 ]\nshape: [ 3, 4\nname: "x"\n';
    const tree = parsePbtxt(text);
    assert.deepEqual(tree.errors.map((e) => [e.code, lineOf(text, e.range.start)]), [
      ['pbtxt/unexpected-token', 1],
      ['pbtxt/unclosed-bracket', 2],
    ]);
    const r = root(tree);
    assert.deepEqual((get(r, 'dims') as SeqNode).items.map((n) => scalar(n).value), [1, 2]);
    assert.deepEqual((get(r, 'shape') as SeqNode).items.map((n) => scalar(n).value), [3, 4]);
    assert.equal(scalar(get(r, 'name')).value, 'x');
  });

  it('reports a stray closing brace at top level', () => {
    const text = 'name: "m"\n}\nmax_batch_size: 1\n';
    const tree = parsePbtxt(text);
    assert.equal(tree.errors.length, 1);
    assert.equal(lineOf(text, tree.errors[0]!.range.start), 2);
    assert.equal(scalar(get(root(tree), 'max_batch_size')).value, 1);
  });
});

describe('parsePbtxt: limits', () => {
  it('stops at maxDepth without throwing and keeps what follows', () => {
    const n = 50_000;
    const text = 'a {'.repeat(n) + '}'.repeat(n) + '\nafter: 1\n';
    const tree = parsePbtxt(text);
    assert.ok(tree.limited);
    assert.equal(tree.limited.code, 'pbtxt/too-deep');
    assert.deepEqual(tree.errors, [], 'a limit is not a syntax error');
    assert.equal(text[tree.limited.range.start], '{');
    assert.equal(tree.limited.range.start, 3 * 200 + 2, 'reported at the 201st brace, the first past the default limit');
    assert.equal(scalar(get(root(tree), 'after')).value, 1);
  });

  it('honours a custom maxDepth, for lists too', () => {
    const tree = parsePbtxt('x: [ { y: [ { z: 1 } ] } ]\nafter: 2', { maxDepth: 2 });
    assert.equal(tree.limited?.code, 'pbtxt/too-deep');
    assert.equal(scalar(get(root(tree), 'after')).value, 2);
    assert.equal(parsePbtxt('a { b { c: 1 } }', { maxDepth: 2 }).errors.length, 0);
  });

  it('parses a 10 MB file in linear time', () => {
    const block = 'input {\n  name: "INPUT_0"\n  data_type: TYPE_FP32\n  dims: [ 1, 3, 224, 224 ]\n}\n';
    const text = block.repeat(Math.ceil((10 * 1024 * 1024) / block.length));
    const t0 = performance.now();
    const tree = parsePbtxt(text);
    const ms = performance.now() - t0;
    assert.equal(tree.errors.length, 0);
    assert.equal(root(tree).pairs.length, Math.ceil((10 * 1024 * 1024) / block.length));
    assert.ok(ms < 20_000, `took ${ms} ms`);
  });

  it('stays linear on a huge broken single line', () => {
    const text = 'a: ' + '@ '.repeat(500_000) + '[ '.repeat(100_000);
    const t0 = performance.now();
    const tree = parsePbtxt(text);
    assert.ok(tree.errors.length > 0);
    assert.ok(performance.now() - t0 < 10_000);
  });
});

describe('parsePbtxt: robustness', () => {
  it('never throws and keeps ranges inside the text on arbitrary input', async () => {
    const fc = await import('fast-check');
    const piece = fc.constantFrom('a', 'input', ':', '{', '}', '<', '>', '[', ']', ',', ';', '"s"', "'x", '"\\x4', '\\', '-', '1', '0x', '.5', '1e', 'inf', '${p}', '${', '#c\n', '\n', '\r\n', ' ', 'é', '😀', '@', 'KIND_GPU', 'true');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        const tree = parsePbtxt(text, { maxDepth: 5 });
        const inBounds = (r: { start: number; end: number }) => r.start >= 0 && r.start <= r.end && r.end <= text.length;
        for (const p of [...tree.errors, ...tree.warnings]) assert.ok(inBounds(p.range), JSON.stringify({ text, p }));
        for (const c of tree.comments) assert.ok(inBounds(c.range));
        const walk = (n: SourceNode | null): void => {
          if (!n) return;
          assert.ok(inBounds(n.range), JSON.stringify({ text, n }));
          if (n.kind === 'seq') n.items.forEach(walk);
          if (n.kind === 'map') {
            for (const p of n.pairs) {
              assert.equal(text.slice(p.key.range.start, p.key.range.end), p.key.source);
              assert.ok(inBounds(p.range));
              walk(p.value);
            }
          }
        };
        walk(root(tree));
      }),
      { seed: 20261126, numRuns: 3000 },
    );
  });

  it('reports invalid numbers and escapes without losing the field', () => {
    const text = 'a: 1.2.3\nb: "bad\\q"\nc: 3';
    const tree = parsePbtxt(text);
    assert.deepEqual(tree.errors.map((e) => [e.code, lineOf(text, e.range.start)]), [
      ['pbtxt/invalid-number', 1],
      ['pbtxt/invalid-escape', 2],
    ]);
    assert.equal(scalar(get(root(tree), 'c')).value, 3);
  });
});
