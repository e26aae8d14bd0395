/**
 * Every diagnostic code links to a page that exists: rule pages under docs/rules/<id>.md,
 * the shared syntax page for parser codes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ALL_RULES } from '../../server/src/core/rules/index';
import { docUrl } from '../../server/src/lsp/docLinks';
import { MANIFEST_RULE_CODES } from '../../server/src/core/k8s';

const CORE_CODES = [
  'schema/unknown-key',
  'schema/missing-required',
  'schema/wrong-type',
  'schema/invalid-enum',
  'schema/out-of-range',
  'schema/invalid-format',
  'schema/invalid-value',
  'servescope/internal-error',
  'servescope/limit',
  'servescope/file-too-large',
  'servescope/modeline',
  'yaml/bad-indent',
  'pbtxt/unexpected-token',
];

test('every rule and core code has its documentation page', () => {
  const missing = [...ALL_RULES.map((r) => r.id), ...MANIFEST_RULE_CODES, ...CORE_CODES].filter((code) => !fs.existsSync(fileURLToPath(docUrl(code))));
  assert.deepEqual(missing, []);
});

test('rule pages say what, why, fix and source', () => {
  const thin: string[] = [];
  for (const r of ALL_RULES) {
    const p = fileURLToPath(docUrl(r.id));
    if (!fs.existsSync(p)) continue;
    const t = fs.readFileSync(p, 'utf8');
    if (!/what/i.test(t) || !/fix/i.test(t) || !/source/i.test(t)) thin.push(r.id);
  }
  assert.deepEqual(thin, []);
});
