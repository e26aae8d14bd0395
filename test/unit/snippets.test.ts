/**
 * Every snippet, expanded with its default placeholder values, is a config that
 * ServeScope recognises as the right format and finds no error in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/core/analyze';

const DIR = path.resolve(__dirname, '..', '..', 'snippets');

/** `${1:default}` → default, `${2|a,b|}` → a, `$0`/`${3:}` → nothing. */
function expand(body: string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '');
}

const EXPECT: Record<string, { format: string; name: string }> = {
  'vLLM server config': { format: 'vllm', name: 'serve.yaml' },
  'Ray Serve application': { format: 'rayserve', name: 'serve_config.yaml' },
  'Ray Serve LLM application': { format: 'rayserve', name: 'llm.yaml' },
  'BentoML bentofile': { format: 'bentoml', name: 'bentofile.yaml' },
  'BentoML configuration': { format: 'bentoml', name: 'bentoml_configuration.yaml' },
  'Triton model config': { format: 'triton', name: 'config.pbtxt' },
  'Triton vLLM backend model': { format: 'triton', name: 'config.pbtxt' },
};

for (const f of fs.readdirSync(DIR)) {
  const snippets = JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as Record<string, { body: string[] }>;
  for (const [name, s] of Object.entries(snippets)) {
    test(`snippet "${name}" expands to a clean ${EXPECT[name]?.format ?? '?'} config`, () => {
      const exp = EXPECT[name];
      assert.ok(exp, `add "${name}" to EXPECT`);
      const text = expand(s.body);
      const a = analyze({ uri: `file:///snip/${exp.name}`, text });
      assert.equal(a.detection.format, exp.format, a.detection.detail);
      const errors = a.findings.filter((x) => x.severity === 'error').map((x) => `${x.code}: ${x.message}`);
      assert.deepEqual(errors, []);
    });
  }
}
