// `npm run test:electron`: the same integration tests as `npm run test:integration`, launched in
// a downloaded desktop VS Code by @vscode/test-electron (for machines that can download it; on
// Linux without a display, run it under xvfb-run).
//
// VS Code 1.100 is the last release whose extension host runs Node 20 (1.101 moved to Electron
// 35 / Node 22), matching the Node we build for. Override with SERVESCOPE_VSCODE_VERSION, or point
// SERVESCOPE_VSCODE_EXECUTABLE at an installed VS Code to skip the download.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { REPO_ROOT, buildIntegrationTests } from './build.mjs';

const VSCODE_VERSION = process.env.SERVESCOPE_VSCODE_VERSION ?? '1.100.3';
const RESULTS = path.join(REPO_ROOT, 'test-results', 'integration-electron');

async function main() {
  const started = Date.now();
  if (process.env.SERVESCOPE_SKIP_BUILD !== '1') {
    const { spawnSync } = await import('node:child_process');
    console.log('[servescope] building the extension (node esbuild.mjs)…');
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('build failed');
  }
  const extensionTestsPath = await buildIntegrationTests();
  fs.rmSync(RESULTS, { recursive: true, force: true });
  fs.mkdirSync(RESULTS, { recursive: true });
  const reportFile = path.join(RESULTS, 'summary.json');
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'servescope-vscode-'));
  // Tests edit documents (quick-fixes, typed typos); they work on a copy so examples/ never changes.
  const workspace = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'servescope-examples-')), 'examples');
  fs.cpSync(process.env.SERVESCOPE_EXAMPLES ?? path.join(REPO_ROOT, 'examples'), workspace, { recursive: true });

  let exitCode = 0;
  try {
    exitCode = await runTests({
      version: VSCODE_VERSION,
      vscodeExecutablePath: process.env.SERVESCOPE_VSCODE_EXECUTABLE,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', `--user-data-dir=${userDataDir}`],
      extensionTestsEnv: {
        SERVESCOPE_REPO: REPO_ROOT,
        SERVESCOPE_EXAMPLES: workspace,
        SERVESCOPE_TEST_REPORT: reportFile,
        SERVESCOPE_TEST_OUTPUT: path.join(RESULTS, 'mocha-output.txt'),
      },
    });
  } catch (error) {
    // runTests rejects with the exit code when the tests fail, or with an Error when VS Code could not be fetched.
    if (typeof error === 'number') exitCode = error;
    else {
      console.error(`[servescope] could not run VS Code ${VSCODE_VERSION}: ${error instanceof Error ? error.message : error}`);
      exitCode = 1;
    }
  } finally {
    fs.rmSync(userDataDir, { recursive: true, force: true });
    fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (fs.existsSync(reportFile)) {
    const summary = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
    console.log(`[servescope] integration (VS Code ${VSCODE_VERSION}): ${summary.passes} passing, ${summary.failures} failing, ${summary.pending} pending in ${seconds} s`);
    for (const f of summary.failed) console.log(`[servescope]   ✗ ${f.title}`);
    if (summary.failures > 0) exitCode = exitCode || 1;
  } else if (exitCode === 0) {
    console.log('[servescope] the test runner never wrote its summary');
    exitCode = 1;
  }
  process.exitCode = exitCode;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
