// `npm run test:e2e`: packages the extension, makes sure code-server and Chromium are there,
// then runs the end-to-end steps in test/e2e/*.test.mjs with node's test runner.
// Screenshots land in test-results/e2e/; a failed step adds its page, screenshot and logs.
//
// SERVESCOPE_VSIX=path skips packaging and tests that .vsix instead.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, ensureCodeServer, say } from './code-server.mjs';
import { chromiumPath } from './chromium.mjs';
import { packageExtension } from './package.mjs';

async function main() {
  const started = Date.now();
  const vsix = process.env.SERVESCOPE_VSIX ? path.resolve(process.env.SERVESCOPE_VSIX) : packageExtension();
  await ensureCodeServer();
  say(`browser: ${chromiumPath()}`);
  const results = path.join(REPO_ROOT, 'test-results', 'e2e');
  fs.rmSync(results, { recursive: true, force: true });
  fs.mkdirSync(results, { recursive: true });
  const files = fs.readdirSync(path.join(REPO_ROOT, 'test', 'e2e')).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => path.join('test', 'e2e', f));
  say(`running ${files.length} end-to-end file(s) against ${path.basename(vsix)}…`);
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, SERVESCOPE_VSIX: vsix },
  });
  const code = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  const pngs = fs.readdirSync(results).filter((f) => f.endsWith('.png'));
  say(`end-to-end ${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s; ${pngs.length} screenshot(s) in ${path.relative(process.cwd(), results)}`);
  process.exitCode = code;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
