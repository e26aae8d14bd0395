import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolveModel } from '../../server/src/core/capacity/models';
import { diskModelFiles } from '../../server/src/modelFiles';

// A message that tells users to change a setting must name one the extension contributes.
test('the unknown-model message names settings that exist', () => {
  const res = resolveModel('nobody/no-such-model-xyz', { files: diskModelFiles({ hfHome: '/nonexistent-hf-home' }) });
  assert.ok('unknown' in res, 'the model must be unknown');
  const named = [...res.unknown.matchAll(/\bservescope\.[A-Za-z.]+[A-Za-z]/g)].map((m) => m[0]);
  assert.ok(named.length > 0, `message names no setting: ${res.unknown}`);
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const settings = new Set(Object.keys(pkg.contributes.configuration.properties ?? {}));
  for (const s of named) assert.ok(settings.has(s), `${s} is not a contributed setting`);
  assert.match(res.unknown, /huggingface-cli download nobody\/no-such-model-xyz config\.json/);
});
