/**
 * The servescope.rules setting lists exactly the codes ServeScope reports, so settings.json
 * completes them and flags a typo; its example names a real rule.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findingCodes } from '../../server/src/core/rules/catalog';
import { rulesSetting } from '../../server/src/core/rules/settingsSchema';

const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8'));
const setting = pkg.contributes.configuration.properties['servescope.rules'];

test('package.json servescope.rules is generated from the finding catalog (node --import tsx scripts/gen-settings.ts)', () => {
  assert.deepEqual(setting, rulesSetting());
});

test('every rule id is listed with its title, unknown ids are not allowed, and the example is a real id', () => {
  const ids = findingCodes().map((c) => c.id);
  assert.ok(ids.includes('vllm/tp-not-divisor') || ids.some((i) => i.startsWith('vllm/')), 'no vLLM rules in the catalog');
  assert.equal(setting.additionalProperties, false);
  assert.deepEqual(Object.keys(setting.properties).sort(), [...ids].sort());
  const example = /`\{"([^"]+)"/.exec(setting.markdownDescription)?.[1];
  assert.ok(example && ids.includes(example), `the example names ${example}, which is not a rule`);
});
