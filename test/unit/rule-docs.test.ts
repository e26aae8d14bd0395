/**
 * The rule pages' generated headers (heading, default severity, frameworks, fix kind,
 * sources) match the catalog, every code has a page and every page a code. A failure
 * here means: run `node --import tsx scripts/gen-rule-docs.ts` (or write the missing page).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findingCodes } from '../../server/src/core/rules/catalog';
import { HEADER_END, ruleHeader, withHeader } from '../../server/src/core/rules/ruleDocs';
import type { RuleInfo } from '../../server/src/core/rules/rule';

const DIR = path.resolve(__dirname, '..', '..', 'docs', 'rules');
const page = (id: string) => path.join(DIR, `${id}.md`);

test('every finding code has a page whose header is up to date', () => {
  const missing = findingCodes().filter((c) => !fs.existsSync(page(c.id))).map((c) => c.id);
  assert.deepEqual(missing, [], 'no page for these codes');
  const stale = findingCodes().filter((c) => {
    const text = fs.readFileSync(page(c.id), 'utf8');
    return withHeader(text, c) !== text;
  });
  assert.deepEqual(stale.map((c) => c.id), [], 'stale headers: run node --import tsx scripts/gen-rule-docs.ts');
});

test('every page under a framework folder belongs to a code', () => {
  const codes = new Set(findingCodes().map((c) => c.id));
  const pages = fs.readdirSync(DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((d) => fs.readdirSync(path.join(DIR, d.name)).map((f) => `${d.name}/${f.replace(/\.md$/, '')}`));
  assert.deepEqual(pages.filter((p) => !codes.has(p)), []);
});

test('a header says severity, frameworks, fix kind and sources, and is rewritten in place', () => {
  const info = { id: 'vllm/x', title: 'X without Y', severity: 'error', fix: 'unsafe', sources: ['vLLM `a.py` `f` (@abc)'], appliesTo: { formats: ['vllm', 'rayserve'] } } satisfies RuleInfo;
  const h = ruleHeader(info);
  assert.match(h, /^# `vllm\/x` — X without Y$/m);
  assert.match(h, /\*\*Default severity:\*\* error · \*\*Applies to:\*\* vLLM, Ray Serve · \*\*Quick-fix:\*\* unsafe/);
  assert.match(h, /^\*\*Source\.\*\* vLLM `a\.py` `f` \(@abc\)\.$/m);
  const fresh = withHeader('# `vllm/x` — old title\n\n**What.** prose\n', info);
  assert.equal(fresh, `${h}\n\n**What.** prose\n`);
  const changed = withHeader(fresh, { ...info, fix: 'safe', sources: ['one', 'two'] });
  assert.ok(changed.endsWith(`${HEADER_END}\n\n**What.** prose\n`));
  assert.match(changed, /\*\*Sources\.\*\*\n\n- one\.\n- two\./);
  assert.doesNotMatch(changed, /unsafe/);
});
