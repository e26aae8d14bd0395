/**
 * The layer boundaries of eslint.config.mjs, run through ESLint itself on made-up files at
 * real paths: each forbidden direction is reported, the allowed ones are not. (Without type
 * information, so no-floating-promises is left to `npm run lint`.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Linter } from 'eslint';

const ROOT = path.resolve(__dirname, '..', '..');

async function untypedConfig(): Promise<Linter.Config[]> {
  const config = ((await import(pathToFileURL(path.join(ROOT, 'eslint.config.mjs')).href)) as { default: Linter.Config[] }).default;
  return config.map((c) => {
    if (!c.rules?.['@typescript-eslint/no-floating-promises']) return c;
    const { '@typescript-eslint/no-floating-promises': _typed, ...rules } = c.rules;
    return { ...c, languageOptions: { ...c.languageOptions, parserOptions: {} }, rules };
  });
}

async function lint(file: string, code: string): Promise<string[]> {
  const messages = new Linter({ cwd: ROOT }).verify(code, await untypedConfig(), { filename: path.join(ROOT, file) });
  return messages.map((m) => `${m.line}:${m.ruleId ?? (m.fatal ? 'parse-error' : 'unused-directive')}`);
}

test('the core imports nothing from the LSP adapters, the CLI, the client or vscode', async () => {
  const code = [
    "import { toSettings } from '../lsp/settings';",
    "import type { X } from '../../../client/src/advisor/protocol';",
    "export * from '../cli/check';",
    "const m = import('../lsp/documents');",
    "import * as vscode from 'vscode';",
    "import { plan } from './plan';",
  ].join('\n');
  assert.deepEqual(await lint('server/src/core/new-module.ts', code), ['1:servescope/layers', '2:servescope/layers', '3:servescope/layers', '4:servescope/layers', '5:no-restricted-imports']);
});

test('a framework folder imports the shared frameworks files and the core, not another framework', async () => {
  const code = [
    "import type { AdapterInput } from '../adapter';",
    "import { sourced } from '../sourced';",
    "import { locate } from '../../schema/value';",
    "import { keys } from './keys';",
    "import { planFromEngineArgs } from '../vllm/plan';",
    "import type { T } from '../../frameworks/triton';",
  ].join('\n');
  assert.deepEqual(await lint('server/src/core/frameworks/bentoml/new-module.ts', code), ['5:servescope/layers', '6:servescope/layers']);
  // The frameworks index lists every framework: it sits beside the folders, not in one.
  assert.deepEqual(await lint('server/src/core/frameworks/index.ts', "import { vllm } from './vllm';\nimport { triton } from './triton/index';"), []);
});

test('the LSP adapters import the core but not the client; the client may import the server', async () => {
  assert.deepEqual(await lint('server/src/lsp/new-adapter.ts', "import { analyze } from '../core/analyze';\nimport { x } from '../../../client/src/advisor/protocol';"), ['2:servescope/layers']);
  assert.deepEqual(await lint('client/src/new.ts', "import { DID_ANALYZE } from '../../server/src/protocol/editor';\nimport * as vscode from 'vscode';"), []);
  assert.deepEqual(await lint('server/src/cli/new.ts', "import { toSettings } from '../lsp/settings';"), []);
});

test('a disable comment for a boundary names itself, and an unused one is an error', async () => {
  const annotated = "// eslint-disable-next-line servescope/layers -- moves to a shared folder\nimport { x } from '../../../client/src/advisor/protocol';";
  assert.deepEqual(await lint('server/src/lsp/new-adapter.ts', annotated), []);
  assert.deepEqual(await lint('server/src/lsp/new-adapter.ts', "// eslint-disable-next-line servescope/layers -- stale\nimport { analyze } from '../core/analyze';"), ['1:unused-directive']);
});

test('the core reads the disk and the network only through the host, with no exception; the Hub client outside it may', async () => {
  const code = ["import * as fs from 'node:fs';", "import * as https from 'node:https';", "import { readFileSync } from 'fs';", "import * as path from 'node:path';", "import type { Host } from '../../../host';"].join('\n');
  assert.deepEqual(await lint('server/src/core/frameworks/triton/rules/new-rule.ts', code), ['1:no-restricted-imports', '2:no-restricted-imports', '3:no-restricted-imports']);
  assert.deepEqual(await lint('server/src/core/capacity/new-module.ts', "import * as http from 'node:http';"), ['1:no-restricted-imports']);
  // The Hub's answers stay in the core; its fetch moved out, so the core has no reader left.
  assert.deepEqual(await lint('server/src/core/capacity/hubAnswers.ts', "import * as http from 'node:http';\nimport * as https from 'node:https';"), ['1:no-restricted-imports', '2:no-restricted-imports']);
  assert.deepEqual(await lint('server/src/hubClient.ts', "import * as http from 'node:http';\nimport * as https from 'node:https';"), []);
  // Model resolution and the schema registry read no disk any more.
  assert.deepEqual(await lint('server/src/core/capacity/models.ts', "import * as fs from 'node:fs';"), ['1:no-restricted-imports']);
  assert.deepEqual(await lint('server/src/core/schema/registry.ts', "import * as fs from 'node:fs';"), ['1:no-restricted-imports']);
  assert.deepEqual(await lint('server/src/diskHost.ts', "import * as fs from 'node:fs';"), []);
});
