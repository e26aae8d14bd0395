// `npm run package`: builds the production bundles and packs them into a .vsix with
// @vscode/vsce. Dependencies are already inside the esbuild bundles, so vsce is told not to
// collect node_modules, and `.vscodeignore` is an allow-list of what ships.
//
// Prints the .vsix path and size; `--quiet` prints only the path (used by other scripts).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Builds and packages the extension.
 * @returns {string} absolute path of the .vsix
 */
export function packageExtension() {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const say = (m) => process.stdout.write(`[servescope] ${m}\n`);
  say(`building production bundles (${pkg.scripts?.['vscode:prepublish'] ? 'vscode:prepublish' : 'node esbuild.mjs --production'})…`);
  // Source maps from an earlier development build would otherwise linger in dist/.
  for (const stale of ['client.js.map', 'anthropic-sdk.js.map', 'server.js.map', 'analysisWorker.js.map', 'cli.js.map', 'webview/advisor.js.map']) {
    fs.rmSync(path.join(REPO_ROOT, 'dist', stale), { force: true });
  }
  // vsce runs `vscode:prepublish` itself when package.json has one; build here only when it doesn't.
  if (!pkg.scripts?.['vscode:prepublish']) {
    const build = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`build failed (exit ${build.status})`);
  }

  const vsix = path.join(REPO_ROOT, `${pkg.name}-${pkg.version}.vsix`);
  fs.rmSync(vsix, { force: true });
  const vsce = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  say(`packaging with vsce → ${path.basename(vsix)}…`);
  const args = [vsce, 'package', '--no-dependencies', '--out', vsix];
  // vsce would stop and ask on a missing LICENSE or repository; in CI there is nobody to answer.
  if (!fs.existsSync(path.join(REPO_ROOT, 'LICENSE')) && !fs.existsSync(path.join(REPO_ROOT, 'LICENSE.md'))) args.push('--skip-license');
  if (!pkg.repository) args.push('--allow-missing-repository');
  const packed = spawnSync(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (packed.status !== 0 || !fs.existsSync(vsix)) throw new Error(`vsce package failed (exit ${packed.status})`);
  const kib = fs.statSync(vsix).size / 1024;
  say(`packaged ${path.relative(process.cwd(), vsix) || vsix} (${kib.toFixed(1)} KiB)`);
  return vsix;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    packageExtension();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
