// `npm run test:integration`: runs the mocha integration tests (test/integration) inside the
// extension host of code-server.
//
// How: VS Code's web workbench accepts `extensionDevelopmentPath` and `extensionTestsPath` in the
// `payload` query parameter. Opening that address once in headless Chromium makes the workbench
// start code-server's (Node) extension host with ServeScope loaded from this checkout and run the
// tests there. When they finish, the workbench calls `window.codeAutomationExit(code)`, which we
// expose from the page to get the exit code. The test runner also writes its mocha output and a
// JSON summary to files we name through the environment (the extension host inherits it).
//
// Environment: SERVESCOPE_SKIP_BUILD=1 skips `node esbuild.mjs`; SERVESCOPE_TEST_GREP filters tests;
// SERVESCOPE_EXTENSION_PATH loads another extension folder (for developing this script).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, collectLogs, ensureCodeServer, say, startCodeServer } from './code-server.mjs';
import { launchChromium } from './chromium.mjs';
import { buildIntegrationTests } from '../test/integration/build.mjs';

const RESULTS = path.join(REPO_ROOT, 'test-results', 'integration');
const RUN_DIR = path.join(REPO_ROOT, '.vscode-test', 'code-server-integration');
const TIMEOUT_MS = Number(process.env.SERVESCOPE_INTEGRATION_TIMEOUT_MS ?? 10 * 60_000);
const START_TIMEOUT_MS = 120_000;

/** Builds the extension bundles unless told not to. */
export function buildExtension() {
  if (process.env.SERVESCOPE_SKIP_BUILD === '1') return;
  if (!fs.existsSync(path.join(REPO_ROOT, 'esbuild.mjs'))) {
    if (fs.existsSync(path.join(REPO_ROOT, 'dist', 'client.js'))) return;
    throw new Error('no esbuild.mjs and no dist/client.js: nothing to test');
  }
  say('building the extension (node esbuild.mjs)…');
  const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`build failed (exit ${result.status})`);
}

/** Prints what is appended to `file` while the tests run; returns a function that stops and flushes. */
function follow(file) {
  let offset = 0;
  const pump = () => {
    if (!fs.existsSync(file)) return;
    const size = fs.statSync(file).size;
    if (size < offset) offset = 0; // the runner truncated it at start
    if (size === offset) return;
    const fd = fs.openSync(file, 'r');
    const buffer = Buffer.alloc(size - offset);
    fs.readSync(fd, buffer, 0, buffer.length, offset);
    fs.closeSync(fd);
    offset = size;
    process.stdout.write(buffer);
  };
  const timer = setInterval(pump, 300);
  return () => {
    clearInterval(timer);
    pump();
  };
}

async function main() {
  const started = Date.now();
  buildExtension();
  await ensureCodeServer();
  const testsIndex = await buildIntegrationTests();
  const extensionPath = path.resolve(process.env.SERVESCOPE_EXTENSION_PATH ?? REPO_ROOT);
  const examples = path.resolve(process.env.SERVESCOPE_EXAMPLES ?? path.join(REPO_ROOT, 'examples'));

  fs.rmSync(RUN_DIR, { recursive: true, force: true });
  // Tests edit documents (quick-fixes, typed typos); they work on a copy so examples/ never changes.
  const workspace = path.join(RUN_DIR, 'examples');
  fs.cpSync(examples, workspace, { recursive: true });
  fs.rmSync(RESULTS, { recursive: true, force: true });
  fs.mkdirSync(RESULTS, { recursive: true });
  const outputFile = path.join(RESULTS, 'mocha-output.txt');
  const reportFile = path.join(RESULTS, 'summary.json');

  say(`starting code-server on a copy of ${path.relative(REPO_ROOT, examples) || examples}…`);
  const server = await startCodeServer({
    workspace,
    userDataDir: path.join(RUN_DIR, 'user-data'),
    extensionsDir: path.join(RUN_DIR, 'extensions'),
    env: {
      SERVESCOPE_TEST_OUTPUT: outputFile,
      SERVESCOPE_TEST_REPORT: reportFile,
      SERVESCOPE_REPO: REPO_ROOT,
      SERVESCOPE_EXAMPLES: workspace,
    },
  });
  say(`code-server ready at ${server.url} (${((Date.now() - started) / 1000).toFixed(1)} s since start)`);

  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const authority = `127.0.0.1:${server.port}`;
  const remote = (p) => `vscode-remote://${authority}${p}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(extensionPath)],
    ['extensionTestsPath', remote(testsIndex)],
    ['skipWelcome', 'true'],
  ]);
  const browserErrors = [];
  page.on('pageerror', (error) => browserErrors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') browserErrors.push(message.text());
  });

  const stopFollowing = follow(outputFile);
  /** @type {Promise<number>} */
  const exited = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
  });
  let exitCode = 1;
  let reason = '';
  try {
    say('opening the workbench in headless Chromium; the extension host runs the tests…');
    await page.goto(server.folderUrl({ payload }));
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), TIMEOUT_MS);
    });
    const serverGone = new Promise((resolve) => server.process.on('exit', () => resolve('server-exit')));
    // The runner creates its output file as its first act; without it after two minutes, the
    // extension host never loaded the tests (wrong path, extension failed to load, …).
    let watchdog;
    const neverStarted = new Promise((resolve) => {
      const since = Date.now();
      watchdog = setInterval(() => {
        if (fs.existsSync(outputFile)) clearInterval(watchdog);
        else if (Date.now() - since > START_TIMEOUT_MS) resolve('never-started');
      }, 500);
    });
    const outcome = await Promise.race([exited, timeout, serverGone, neverStarted]);
    clearTimeout(timer);
    clearInterval(watchdog);
    const reasons = {
      timeout: `tests did not finish within ${TIMEOUT_MS / 1000} s`,
      'server-exit': 'code-server exited during the tests',
      'never-started': `the extension host did not start the tests within ${START_TIMEOUT_MS / 1000} s`,
    };
    if (typeof outcome === 'number') exitCode = outcome;
    else reason = reasons[outcome];
  } catch (error) {
    reason = String(error instanceof Error ? error.stack : error);
  } finally {
    stopFollowing();
  }

  let summary;
  if (fs.existsSync(reportFile)) summary = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  else if (!reason) reason = 'the test runner never wrote its summary (did the extension host start the tests?)';
  // Trust the exit code only when it agrees with the runner's own count.
  const failed = exitCode !== 0 || !summary || summary.failures > 0 || Boolean(reason);
  if (failed) {
    await page.screenshot({ path: path.join(RESULTS, 'failure.png') }).catch(() => {});
    fs.writeFileSync(path.join(RESULTS, 'failure.html'), await page.content().catch(() => ''));
    fs.writeFileSync(path.join(RESULTS, 'browser-errors.txt'), browserErrors.join('\n'));
    collectLogs(server.userDataDir, RESULTS);
  }
  await browser.close();
  await server.stop();

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (summary) {
    say(`integration (code-server): ${summary.passes} passing, ${summary.failures} failing, ${summary.pending} pending in ${seconds} s`);
    for (const f of summary.failed) say(`  ✗ ${f.title}`);
  }
  if (reason) say(`integration run failed: ${reason}`);
  if (failed) say(`logs, page and screenshot saved in ${path.relative(process.cwd(), RESULTS)}`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
