/**
 * Rule metadata: every rule's fix kind matches whether it has fixes, every rule names
 * its sources, and the fix kind decides which code action an editor may apply unasked.
 */
import { test } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { ALL_RULES } from '../../server/src/core/rules/index';
import { defineRule, type Rule } from '../../server/src/core/rules/rule';
import { MANIFEST_RULES } from '../../server/src/core/k8s';
import { TABLE_FIX_CODES } from '../../server/src/core/editing/fixes';
import { analyze } from '../../server/src/core/analyze';
import { codeActions } from '../../server/src/lsp/features';
import { toDiagnostic } from '../../server/src/lsp/convert';

test("a rule offers fixes exactly when its fix kind is not 'none'", () => {
  const wrong = [
    ...ALL_RULES.filter((r) => (r.fix === 'none') !== (r.fixes === undefined)).map((r) => `${r.id}: ${r.fix}`),
    ...MANIFEST_RULES.filter((r) => (r.fix === 'none') === TABLE_FIX_CODES.includes(r.id)).map((r) => `${r.id}: ${r.fix}`),
  ];
  assert.deepEqual(wrong, []);
});

test('every rule names the framework source it rests on', () => {
  assert.deepEqual([...ALL_RULES, ...MANIFEST_RULES].filter((r) => !r.sources.length || r.sources.some((s) => !s.trim())).map((r) => r.id), []);
});

test('defineRule refuses a fix kind that disagrees with the fixes', () => {
  const base = { id: 't/x', appliesTo: {}, severity: 'warning', title: 't', sources: ['here'], check() {} } as const;
  assert.throws(() => defineRule({ ...base, fix: 'safe' } as unknown as Rule), /t\/x: fix 'safe' without a fixes function/);
  assert.throws(() => defineRule({ ...base, fix: 'none', fixes: () => [] } as unknown as Rule), /t\/x: fix 'none' but a fixes function/);
  assert.throws(() => defineRule({ ...base, sources: [], fix: 'none' }), /t\/x: no sources/);
});

function actions(text: string): [string, string, boolean | undefined][] {
  const a = analyze({ uri: 'file:///w/serve.yaml', text });
  return codeActions(a, a.findings.map((f) => toDiagnostic(a, f))).map((c) => [String(c.diagnostics?.[0].code), c.title, c.isPreferred]);
}

test('an unsafe fix is offered but never preferred', () => {
  // Turning on request logging changes what the server does: the user picks it.
  assert.deepEqual(
    actions('# servescope: vllm\nmodel: meta-llama/Llama-3.1-8B-Instruct\nenable_log_outputs: true\n').filter((x) => x[0].startsWith('vllm/')),
    [['vllm/log-outputs-requires-log-requests', 'Set enable_log_requests: true', false]],
  );
});

test("a safe fix is preferred, so VS Code's Auto Fix may apply it", () => {
  assert.deepEqual(
    actions('# servescope: vllm\nmodel: meta-llama/Llama-3.1-8B-Instruct\ntensor_parallel_size: 2.0\n').filter((x) => x[0].startsWith('vllm/')),
    [['vllm/integer-argument-decimal', 'Write 2', true]],
  );
});

test('every rule file is registered: each defineRule under a rules folder is in the registry once', () => {
  const root = path.resolve(__dirname, '..', '..', 'server', 'src', 'core');
  const dirs = [...fs.readdirSync(path.join(root, 'frameworks')).map((f) => path.join(root, 'frameworks', f, 'rules')), path.join(root, 'rules', 'capacity'), path.join(root, 'rules', 'schema')];
  const declared: string[] = [];
  for (const dir of dirs.filter((d) => fs.existsSync(d))) {
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      for (const m of text.matchAll(/(?:defineRule|requiresArg)\(\{\s*id: '([^']+)'/g)) declared.push(m[1]);
    }
  }
  const registered = ALL_RULES.map((r) => r.id);
  assert.ok(declared.length > 150, `found ${declared.length} rule declarations`);
  assert.deepEqual(declared.filter((id) => !registered.includes(id)), [], 'declared but not in a rules index');
  assert.deepEqual(registered.filter((id, i) => registered.indexOf(id) !== i), [], 'registered twice');
});
