/**
 * Estimates and the SLA simulation are memoised on their inputs: editing a key that
 * feeds neither (a route prefix) hands back the very same results, and editing one that
 * does (max_model_len) computes new ones, with the numbers that follow from it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { createYamlParseCache } from '../../server/src/core/parse/yamlIncremental';

const BASE = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'rayserve', 'llm_app.yaml'), 'utf8');
// A rate no other test uses, so the first analysis below is the one that simulates.
const TEXT = `# servescope: rps=7.31 slo="ttft:p95<900ms;tpot:p95<70ms"\n${BASE}`;
const uri = 'file:///ws/llm_app.yaml';

test('an unrelated edit reuses the estimate and the simulated operating point; a relevant one recomputes them', () => {
  const cache = createYamlParseCache();
  const a = analyze({ uri, text: TEXT, parseCache: cache });
  const pe = a.estimates[0];
  assert.ok(pe.estimate?.ok, JSON.stringify(pe.missing));
  assert.ok(pe.sla?.op, 'the SLA was simulated');

  const b = analyze({ uri, text: TEXT.replace('route_prefix: /', 'route_prefix: /v1'), parseCache: cache, previous: a.detection });
  assert.equal(b.estimates[0].estimate, pe.estimate, 'same capacity-model result');
  assert.equal(b.estimates[0].sla?.op, pe.sla.op, 'same simulation');

  const c = analyze({ uri, text: TEXT.replace('max_model_len: 32768', 'max_model_len: 8192'), parseCache: cache, previous: b.detection });
  const e = c.estimates[0].estimate!;
  assert.notEqual(e, pe.estimate);
  assert.notEqual(c.estimates[0].sla?.op, pe.sla.op);
  assert.ok(e.ok && pe.estimate.ok && e.memory!.kvCacheTokens === pe.estimate.memory!.kvCacheTokens, 'the KV cache does not depend on max_model_len');
  assert.equal(e.memory!.maxModelLen, 8192);
});
