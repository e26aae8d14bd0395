#!/usr/bin/env node
// The one test command (`npm test`): installs dependencies when missing, type-checks,
// lints (eslint.config.mjs), builds the bundles, then runs the unit and LSP suites with node's test runner.
// Flags: --unit, --lsp (run one suite only), --no-build, --no-lint, --fast (leaves out the tests tagged
// `{ skip: slow }` from test/unit/slow.ts: property searches, mutation sweeps, the browser).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages } from './code-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const args = new Set(process.argv.slice(2));
const only = args.has('--unit') ? 'unit' : args.has('--lsp') ? 'lsp' : null;

function run(label, cmd, cmdArgs, opts = {}) {
  console.log(`\n▶ ${label}`);
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`✖ ${label} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findTests(p));
    else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
if (!fs.existsSync(path.join(root, 'node_modules', '.package-lock.json'))) {
  run('installing dependencies (npm ci)', npm, ['ci', '--no-audit', '--no-fund']);
}
if (!args.has('--no-build')) {
  run('type-checking (tsc --noEmit)', process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', '.']);
}
if (!args.has('--no-lint')) {
  run('linting (eslint: floating promises, layer boundaries)', process.execPath, [path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--max-warnings=0', '.']);
}
if (!args.has('--no-build')) {
  run('building bundles (esbuild)', process.execPath, ['esbuild.mjs']);
}

// The advisor webview tests render the panel in headless Chromium, and the observe tests
// check the generated alert rules with promtool (Debian's chromium and prometheus packages;
// installed here when running as root, otherwise those tests say they were skipped).
if (!only || only === 'unit') ensureDebianPackages(['chromium', 'prometheus']);

const suites = [];
if (!only || only === 'unit') suites.push(...findTests('test/unit'));
if (!only || only === 'lsp') suites.push(...findTests('test/lsp'));
if (!fs.existsSync(path.resolve(root, '..', 'shared', 'corpus'))) {
  console.log('\nnote: ../shared/corpus is not present; the corpus tests will report themselves as skipped.');
}
run(`running ${suites.length} test files`, process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...suites], {
  env: { ...process.env, SERVESCOPE_ROOT: root, ...(args.has('--fast') ? { SERVESCOPE_FAST: '1' } : {}) },
});
