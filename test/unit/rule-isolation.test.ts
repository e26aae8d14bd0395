/**
 * Rule isolation: a rule that throws costs the user one `servescope/internal-error`
 * finding naming it, and every other rule still reports exactly what it reports on a
 * normal run, both from the runner and through analyze().
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../server/src/core/analyze';
import { ALL_RULES } from '../../server/src/core/rules/index';
import { rulesFor, runRules } from '../../server/src/core/rules/run';
import type { Rule } from '../../server/src/core/rules/rule';
import type { Finding } from '../../server/src/core/types';

const ROOT = path.resolve(__dirname, '..', '..');
const FILE = path.join(ROOT, 'examples', 'rayserve', 'serve_config.yaml');
const TEXT = fs.readFileSync(FILE, 'utf8');
const URI = pathToFileURL(FILE).toString();

function throwing(id: string, err: unknown = new Error('boom in a rule')): Rule {
  return {
    id,
    appliesTo: {},
    severity: 'warning',
    title: 'always throws',
    fix: 'none',
    sources: ['this test'],
    check() {
      throw err;
    },
  };
}

const key = (f: Finding) => `${f.code}|${f.severity}|${f.range.start}-${f.range.end}|${f.message}`;
const internal = (fs: Finding[]) => fs.filter((f) => f.code === 'servescope/internal-error');

describe('a rule that throws', () => {
  const a = analyze({ uri: URI, text: TEXT });
  const rules = rulesFor(a);
  const normal = runRules(a, rules);

  test('the example has several rules reporting on a normal run (so the comparison means something)', () => {
    assert.ok(rules.length > 5, `${rules.length} rules apply`);
    assert.ok(new Set(normal.map((f) => f.code)).size >= 2, normal.map((f) => f.code).join(', '));
    assert.deepEqual(internal(normal), []);
  });

  for (const where of ['first', 'middle', 'last'] as const) {
    test(`placed ${where}: one internal-error naming it, every other rule's findings unchanged`, () => {
      const bad = throwing('test/always-throws');
      const list = [...rules];
      list.splice(where === 'first' ? 0 : where === 'middle' ? Math.floor(list.length / 2) : list.length, 0, bad);
      const got = runRules(a, list);
      const errs = internal(got);
      assert.equal(errs.length, 1, JSON.stringify(errs));
      assert.match(errs[0].message, /test\/always-throws/);
      assert.match(errs[0].message, /boom in a rule/);
      assert.equal(errs[0].data?.rule, 'test/always-throws');
      assert.ok(errs[0].range.start >= 0 && errs[0].range.end <= TEXT.length && errs[0].range.start <= errs[0].range.end);
      assert.deepEqual(got.filter((f) => f.code !== 'servescope/internal-error').map(key), normal.map(key));
    });
  }

  test('a non-Error throw (a string, undefined) is reported the same way', () => {
    for (const thrown of ['plain string', undefined, { weird: true }]) {
      const got = runRules(a, [throwing('test/throws-odd', thrown), ...rules]);
      const errs = internal(got);
      assert.equal(errs.length, 1);
      assert.match(errs[0].message, /test\/throws-odd/);
      assert.deepEqual(got.filter((f) => f.code !== 'servescope/internal-error').map(key), normal.map(key));
    }
  });

  test('two throwing rules give two internal errors, one per rule', () => {
    const got = runRules(a, [throwing('test/one'), ...rules, throwing('test/two')]);
    assert.deepEqual(internal(got).map((f) => f.data?.rule), ['test/one', 'test/two']);
  });

  test('through analyze(): the user sees the internal error and all the other findings', () => {
    const before = analyze({ uri: URI, text: TEXT }).findings;
    const bad = throwing('test/registered-and-throws');
    ALL_RULES.splice(1, 0, bad);
    let after: Finding[];
    try {
      after = analyze({ uri: URI, text: TEXT }).findings;
    } finally {
      ALL_RULES.splice(ALL_RULES.indexOf(bad), 1);
    }
    const errs = internal(after);
    assert.equal(errs.length, 1, JSON.stringify(errs));
    assert.match(errs[0].message, /test\/registered-and-throws/);
    assert.deepEqual(after.filter((f) => f.code !== 'servescope/internal-error').map(key), before.map(key));
    assert.ok(before.length >= 2);
  });
});
