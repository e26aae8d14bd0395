/**
 * Every diagnostic code links to a page that exists: rule pages under docs/rules/<id>.md,
 * the shared syntax page for parser codes. (Their generated headers: rule-docs.test.ts.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findingCodes } from '../../server/src/core/rules/catalog';
import { HEADER_END } from '../../server/src/core/rules/ruleDocs';
import { docUrl } from '../../server/src/lsp/docLinks';

test('every finding code, parser codes included, links to a page that exists', () => {
  const codes = [...findingCodes().map((c) => c.id), 'yaml/bad-indent', 'pbtxt/unexpected-token'];
  const links = codes.map((code) => docUrl(code));
  assert.ok(links.every((l) => l.startsWith('file:')), 'the pages ship beside the server, so the links are file URLs');
  assert.deepEqual(codes.filter((_, i) => !fs.existsSync(fileURLToPath(links[i]))), []);
});

test("a rule's page says what it flags and how to fix it, below the generated header", () => {
  const thin = findingCodes()
    .filter((c) => !c.id.startsWith('servescope/'))
    .filter((c) => {
      const body = fs.readFileSync(fileURLToPath(docUrl(c.id)), 'utf8').split(HEADER_END)[1] ?? '';
      return !/^\*\*What\.\*\* \S/m.test(body) || !/^\*\*Fix\.\*\* \S/m.test(body);
    });
  assert.deepEqual(thin.map((c) => c.id), []);
});
