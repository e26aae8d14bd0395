/**
 * Config text may use any word as a key or value, including the names JavaScript
 * objects inherit (`constructor`, `__proto__`, `toString`). Every example file is
 * rewritten with each of its keys and values, one at a time, replaced by those
 * names (or by a mapping with such keys, which String() cannot print unless we
 * make it); no rule may then fail, and `__proto__` must stay an ordinary key.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { slow } from './slow';

const ROOT = path.resolve(__dirname, '..', '..');
const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', '{toString: 1}', '{valueOf: 1, __proto__: 2}'];

function examples(dir = path.join(ROOT, 'examples')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return examples(p);
    return /\.(ya?ml|pbtxt)$/.test(e.name) ? [p] : [];
  });
}

/** Offsets of every bare word that is a key or a scalar value. */
function spots(text: string): [number, number][] {
  const out: [number, number][] = [];
  const re = /(:\s*)("?)([A-Za-z0-9_.\-/]+)\2|^(\s*-?\s*)([A-Za-z0-9_-]+)(?=\s*[:{])/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[3] !== undefined) {
      const s = m.index + m[1].length + m[2].length;
      out.push([s, s + m[3].length]);
    } else {
      const s = m.index + m[4].length;
      out.push([s, s + m[5].length]);
    }
  }
  return out;
}

test('no rule fails when a key or value is named like an Object.prototype member', { skip: slow }, () => {
  const failures = new Map<string, string>();
  let runs = 0;
  for (const file of examples()) {
    const text = fs.readFileSync(file, 'utf8');
    for (const [s, e] of spots(text))
      for (const name of NAMES) {
        const mutated = text.slice(0, s) + name + text.slice(e);
        runs++;
        const a = analyze({ uri: `file://${file}`, text: mutated });
        for (const f of a.findings)
          if (f.code === 'servescope/internal-error' && !failures.has(f.message)) failures.set(f.message, `${path.relative(ROOT, file)}: "${text.slice(s, e)}" → ${name}`);
      }
  }
  assert.ok(runs > 500, `only ${runs} variants: the sweep lost its inputs`);
  assert.deepEqual([...failures].map(([m, where]) => `${where}: ${m}`), []);
});

test('__proto__ is an ordinary unknown key, reported where it is written', () => {
  const text = 'service: "svc:Svc"\ndocker:\n  __proto__:\n    distro: debian\n';
  const a = analyze({ uri: 'file:///tmp/proto/bentofile.yaml', text });
  const unknown = a.findings.filter((f) => f.code === 'schema/unknown-key');
  assert.deepEqual(
    unknown.map((f) => [f.message, text.slice(f.range.start, f.range.end)]),
    [['Unknown BentoML field "__proto__" in "docker".', '__proto__']],
  );
});

test('a backend named "constructor" is an unknown backend, not a crash', () => {
  const a = analyze({ uri: 'file:///tmp/proto/m/config.pbtxt', text: 'name: "m"\nbackend: "constructor"\nplatform: "tensorrt_plan"\n' });
  assert.deepEqual(a.findings.filter((f) => f.code === 'servescope/internal-error'), []);
});
