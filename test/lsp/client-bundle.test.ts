/**
 * The built client bundle (`node esbuild.mjs`): activation doesn't pay for the Anthropic SDK.
 * The SDK is its own bundle, dist/anthropic-sdk.js, required from inside the lazily initialised
 * anthropicClient module on the first question; these tests load the real bundles.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { ROOT } from './harness';

const CLIENT = path.join(ROOT, 'dist', 'client.js');
const SDK = path.join(ROOT, 'dist', 'anthropic-sdk.js');

test('the client bundle holds no SDK code and reaches the SDK bundle by one require', () => {
  const client = fs.readFileSync(CLIENT, 'utf8');
  assert.doesNotMatch(client, /node_modules\/@anthropic-ai\/sdk/, 'SDK sources were bundled into dist/client.js');
  assert.equal(client.match(/require\("\.\/anthropic-sdk\.js"\)/g)?.length, 1);
  assert.match(fs.readFileSync(SDK, 'utf8'), /node_modules\/@anthropic-ai\/sdk/);
});

test('loading the client bundle (as activation does) does not load the SDK bundle', () => {
  // Just enough of `vscode` for the bundle's top level: every name is a class to extend.
  const names = new Proxy({}, { get: (_t, k) => (k === '__esModule' ? true : typeof k === 'symbol' || k === 'then' ? undefined : class {}) });
  const vscode = Object.create(names) as object;
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscode : load.call(this, request, ...rest);
  };
  try {
    const ext = Module.createRequire(__filename)(CLIENT) as Record<string, unknown>;
    assert.equal(typeof ext.activate, 'function');
    assert.ok(!(SDK in Module.createRequire(__filename).cache), 'dist/anthropic-sdk.js was loaded with the client bundle');
  } finally {
    loader._load = load;
  }
});

test('the SDK bundle exports everything anthropicClient.ts imports from the SDK', () => {
  const source = fs.readFileSync(path.join(ROOT, 'client', 'src', 'advisor', 'anthropicClient.ts'), 'utf8');
  const m = /import\s+(\w+)\s*,\s*\{([^}]*)\}\s*from\s*'@anthropic-ai\/sdk'/.exec(source);
  assert.ok(m, 'anthropicClient.ts imports the SDK as `import Default, { ... } from` (update this test if that changed)');
  const sdk = Module.createRequire(__filename)(SDK) as Record<string, unknown>;
  assert.equal(typeof sdk.default, 'function', 'default export (the Anthropic client class)');
  for (const name of m[2]!.split(',').map((s) => s.trim()).filter(Boolean)) {
    assert.equal(typeof sdk[name], 'function', `${name} is missing from dist/anthropic-sdk.js`);
  }
});
