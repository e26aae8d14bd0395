// `npm start`: one command on a fresh clone. Installs dependencies if needed, builds ServeScope
// and opens the examples/ workspace with it loaded:
//   - in desktop VS Code when a `code` command exists (as an extension development host), or
//   - in VS Code served by code-server on 127.0.0.1, with the packaged .vsix installed; the
//     address to open is printed and the server runs until Ctrl-C.
// `npm start -- --code-server` forces the second way; PORT=8080 picks the port.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, freePort, installExtension, say, startCodeServer, which } from './code-server.mjs';

const EXAMPLES = path.join(REPO_ROOT, 'examples');
const START_DIR = path.join(REPO_ROOT, '.vscode-test', 'start');

function run(label, command, args) {
  say(`${label}…`);
  const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${label} failed (exit ${result.status})`);
}

async function main() {
  const started = Date.now();
  if (!fs.existsSync(path.join(REPO_ROOT, 'node_modules', '.package-lock.json'))) {
    run('installing dependencies (npm ci)', 'npm', ['ci', '--no-audit', '--no-fund']);
  }
  const forceCodeServer = process.argv.includes('--code-server') || process.env.SERVESCOPE_START === 'code-server';
  const code = forceCodeServer ? undefined : which('code');

  if (code) {
    run('building ServeScope (node esbuild.mjs)', process.execPath, ['esbuild.mjs']);
    say(`opening examples/ in VS Code with ServeScope loaded from ${REPO_ROOT}`);
    const child = spawn(code, [`--extensionDevelopmentPath=${REPO_ROOT}`, EXAMPLES], { stdio: 'inherit' });
    const status = await new Promise((resolve) => child.on('close', resolve));
    process.exitCode = status ?? 0;
    return;
  }

  // Imported lazily: packaging pulls in nothing the desktop path needs.
  const { packageExtension } = await import('./package.mjs');
  const vsix = packageExtension();
  say('no `code` command found: serving VS Code with code-server instead');
  const userDataDir = path.join(START_DIR, 'user-data');
  const extensionsDir = path.join(START_DIR, 'extensions');
  await installExtension(vsix, extensionsDir, userDataDir);
  const wanted = Number(process.env.PORT ?? 8080);
  const port = (await isFree(wanted)) ? wanted : await freePort();
  const server = await startCodeServer({ workspace: EXAMPLES, userDataDir, extensionsDir, port });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  say(`ready in ${seconds} s. Open this address in your browser:\n\n    ${server.folderUrl()}\n`);
  say(`code-server log: ${path.relative(process.cwd(), server.logFile)}; press Ctrl-C to stop.`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('stopping code-server…');
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.process.on('exit', (status) => {
    if (stopping) return;
    say(`code-server exited (${status}); see ${server.logFile}`);
    process.exit(1);
  });
}

/** @param {number} port */
async function isFree(port) {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
