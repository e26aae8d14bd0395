// Installs, starts and stops a pinned code-server (VS Code served to a browser), shared by
// `npm start`, the integration tests and the end-to-end tests.
//
// Why this is more than `npm install code-server`: its install scripts try to download prebuilt
// native binaries, which cannot be fetched on our machines. So every package is installed with
// --ignore-scripts, the native modules are compiled from source against the local Node headers,
// and Debian's ripgrep stands in for the binary @vscode/ripgrep would download.
//
// Everything lands in `<repo>/.cache/code-server/` (git-ignored, never the project's node_modules)
// and a marker file records a finished install, so a second call returns at once.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** code-server 4.100.x is the last line that runs on Node 20 (4.101 moved to Node 22). */
export const CODE_SERVER_VERSION = '4.100.3';

/** The repository root (this file lives in `<repo>/scripts/`). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where code-server is installed; override with SERVESCOPE_CODE_SERVER_CACHE. */
export const CACHE_DIR = process.env.SERVESCOPE_CODE_SERVER_CACHE
  ? path.resolve(process.env.SERVESCOPE_CODE_SERVER_CACHE)
  : path.join(REPO_ROOT, '.cache', 'code-server');

const PACKAGE_DIR = path.join(CACHE_DIR, 'node_modules', 'code-server');
const VSCODE_DIR = path.join(PACKAGE_DIR, 'lib', 'vscode');
const ENTRY = path.join(PACKAGE_DIR, 'out', 'node', 'entry.js');
const MARKER = path.join(CACHE_DIR, `ready-${CODE_SERVER_VERSION}.json`);
const INSTALL_LOG = path.join(CACHE_DIR, 'install.log');

/** Native modules of VS Code's server that must be compiled here (no prebuilt downloads). */
const VSCODE_NATIVE_MODULES = ['node-pty', '@parcel/watcher', '@vscode/spdlog', 'kerberos', 'native-watchdog'];

/** Debian packages the install and the tests rely on, keyed by the command or file that shows they are there. */
export const DEBIAN_PACKAGES = {
  ripgrep: () => which('rg') !== undefined,
  'libkrb5-dev': () => fs.existsSync('/usr/include/gssapi/gssapi.h') || fs.existsSync('/usr/include/krb5.h'),
  chromium: () => fs.existsSync('/usr/bin/chromium'),
  prometheus: () => which('promtool') !== undefined,
};

/**
 * Prints one progress line with a prefix, so long installs are never silent.
 * @param {string} message
 */
export function say(message) {
  process.stdout.write(`[servescope] ${message}\n`);
}

/**
 * Finds a command on PATH.
 * @param {string} command
 * @returns {string | undefined} its absolute path
 */
export function which(command) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * Installs missing Debian packages with apt-get when we are root; otherwise says what to install.
 * @param {(keyof typeof DEBIAN_PACKAGES)[]} names
 * @returns {boolean} true when all are present afterwards
 */
export function ensureDebianPackages(names) {
  const missing = names.filter((name) => !DEBIAN_PACKAGES[name]());
  if (missing.length === 0) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !which('apt-get')) {
    say(`missing system packages: ${missing.join(', ')} (install them with your package manager, e.g. sudo apt-get install -y ${missing.join(' ')})`);
    return false;
  }
  say(`installing Debian packages: ${missing.join(', ')} (apt-get)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-q'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (update.status !== 0) say('apt-get update failed; trying the install anyway');
  const install = spawnSync('apt-get', ['install', '-y', '-q', ...missing], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
  const stillMissing = names.filter((name) => !DEBIAN_PACKAGES[name]());
  if (install.status !== 0 || stillMissing.length > 0) {
    say(`apt-get could not install: ${stillMissing.join(', ') || missing.join(', ')}`);
    return false;
  }
  return true;
}

/**
 * Runs a command, sending its output to the install log and printing a heartbeat every 15 s.
 * @param {string} label what the user sees
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv }} options
 */
async function step(label, command, args, options) {
  const started = Date.now();
  say(`${label}…`);
  fs.appendFileSync(INSTALL_LOG, `\n$ (cd ${options.cwd} && ${command} ${args.join(' ')})\n`);
  const log = fs.openSync(INSTALL_LOG, 'a');
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', log, log] });
  const short = label.split(' (')[0].toLowerCase();
  const heartbeat = setInterval(() => say(`  still ${short} (${Math.round((Date.now() - started) / 1000)} s)`), 15_000);
  const code = await new Promise((resolve) => {
    child.on('error', (error) => {
      fs.appendFileSync(INSTALL_LOG, `${error.message}\n`);
      resolve(-1);
    });
    child.on('close', resolve);
  });
  clearInterval(heartbeat);
  fs.closeSync(log);
  if (code !== 0) {
    const tail = fs.readFileSync(INSTALL_LOG, 'utf8').split('\n').slice(-40).join('\n');
    throw new Error(`${label} failed (exit ${code}); last lines of ${INSTALL_LOG}:\n${tail}`);
  }
  say(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Symlinks `link` to `target`, replacing whatever is there.
 * @param {string} target
 * @param {string} link
 */
function forceSymlink(target, link) {
  fs.rmSync(link, { recursive: true, force: true });
  fs.symlinkSync(target, link);
}

/**
 * Installs code-server into the cache directory unless a finished install is already there.
 * Safe to call from several scripts; prints progress while it works.
 * @returns {Promise<string>} path of code-server's node entry point
 */
export async function ensureCodeServer() {
  if (fs.existsSync(MARKER) && fs.existsSync(ENTRY)) return ENTRY;
  const started = Date.now();
  say(`installing code-server ${CODE_SERVER_VERSION} into ${path.relative(process.cwd(), CACHE_DIR) || CACHE_DIR} (first run only; a few minutes)`);
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) say(`warning: code-server ${CODE_SERVER_VERSION} is built for Node 20, this is Node ${process.versions.node}`);
  for (const tool of ['make', 'g++', 'python3']) {
    if (!which(tool)) throw new Error(`code-server's native modules need '${tool}' to compile; install build tools (Debian: build-essential python3)`);
  }
  const haveKerberos = ensureDebianPackages(['libkrb5-dev']);
  ensureDebianPackages(['ripgrep']);
  const rg = which('rg');
  if (!rg) throw new Error("code-server's search needs ripgrep ('rg'); install it (Debian: ripgrep)");

  fs.mkdirSync(CACHE_DIR, { recursive: true });
  fs.writeFileSync(INSTALL_LOG, `code-server ${CODE_SERVER_VERSION} install, ${new Date().toISOString()}\n`);
  const pkgJson = path.join(CACHE_DIR, 'package.json');
  if (!fs.existsSync(pkgJson)) fs.writeFileSync(pkgJson, JSON.stringify({ private: true, description: 'code-server for ServeScope tests' }, null, 2));

  // Native builds compile against the headers that ship with this Node (no header download),
  // and never try a prebuilt binary from the network.
  const buildEnv = {
    ...process.env,
    npm_config_build_from_source: 'true',
    npm_config_yes: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    // node-gyp runs make with one job unless told otherwise.
    JOBS: 'max',
  };
  const nodeHeaders = path.resolve(path.dirname(process.execPath), '..');
  if (fs.existsSync(path.join(nodeHeaders, 'include', 'node', 'node.h'))) buildEnv.npm_config_nodedir = nodeHeaders;

  const npm = 'npm';
  await step('Downloading code-server from the npm registry', npm, ['install', '--ignore-scripts', '--no-save', `code-server@${CODE_SERVER_VERSION}`], { cwd: CACHE_DIR, env: buildEnv });
  // code-server loads argon2 at start-up even with --auth none.
  await step('Compiling argon2', npm, ['rebuild', 'argon2'], { cwd: CACHE_DIR, env: buildEnv });
  await step("Installing VS Code's server dependencies", npm, ['install', '--ignore-scripts', '--omit=dev'], { cwd: VSCODE_DIR, env: buildEnv });
  const natives = VSCODE_NATIVE_MODULES.filter((name) => name !== 'kerberos' || haveKerberos);
  await step(`Compiling native modules (${natives.join(', ')})`, npm, ['rebuild', ...natives], { cwd: VSCODE_DIR, env: buildEnv });
  await step("Installing the built-in extensions' dependencies", npm, ['install', '--ignore-scripts', '--omit=dev'], { cwd: path.join(VSCODE_DIR, 'extensions'), env: buildEnv });

  // What code-server's own postinstall would have done, minus the downloads.
  const ripgrepBin = path.join(VSCODE_DIR, 'node_modules', '@vscode', 'ripgrep', 'bin');
  fs.mkdirSync(ripgrepBin, { recursive: true });
  forceSymlink(rg, path.join(ripgrepBin, 'rg'));
  forceSymlink('node_modules', path.join(VSCODE_DIR, 'node_modules.asar'));
  forceSymlink('code-linux.sh', path.join(VSCODE_DIR, 'bin', 'remote-cli', 'code-server'));
  forceSymlink('browser-linux.sh', path.join(VSCODE_DIR, 'bin', 'helpers', 'browser.sh'));

  fs.writeFileSync(MARKER, JSON.stringify({ version: CODE_SERVER_VERSION, node: process.version, kerberos: haveKerberos, installedAt: new Date().toISOString() }, null, 2));
  say(`code-server ${CODE_SERVER_VERSION} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return ENTRY;
}

/**
 * Asks the OS for a free TCP port on 127.0.0.1.
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Editor settings that keep the workbench quiet and deterministic (no welcome page, tips, update checks). */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  // VS Code in a browser auto-saves after a delay by default; tests edit examples and must not save.
  'files.autoSave': 'off',
  'chat.commandCenter.enabled': false,
  // The examples live inside this git checkout; don't offer to open the parent repository.
  'git.openRepositoryInParentFolders': 'never',
};

/**
 * @typedef {object} CodeServer
 * @property {string} url base address, e.g. http://127.0.0.1:41234/
 * @property {number} port
 * @property {string} workspace folder that was opened
 * @property {string} userDataDir
 * @property {string} extensionsDir
 * @property {string} logFile code-server's own stdout/stderr
 * @property {import('node:child_process').ChildProcess} process
 * @property {() => Promise<void>} stop ends code-server and the extension hosts it started
 * @property {(extra?: Record<string, string>) => string} folderUrl workbench address that opens the workspace
 */

/**
 * Installs an extension (.vsix file or folder) into an extensions directory with code-server's CLI.
 * @param {string} vsix
 * @param {string} extensionsDir
 * @param {string} userDataDir
 */
export async function installExtension(vsix, extensionsDir, userDataDir) {
  const entry = await ensureCodeServer();
  fs.mkdirSync(extensionsDir, { recursive: true });
  const result = spawnSync(process.execPath, [entry, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix, '--force'], {
    encoding: 'utf8',
    env: { ...process.env, VSCODE_PROXY_URI: '' },
  });
  if (result.status !== 0) throw new Error(`installing ${vsix} failed:\n${result.stdout}\n${result.stderr}`);
  say(`installed ${path.basename(vsix)} into ${extensionsDir}`);
}

/**
 * Starts code-server on a free 127.0.0.1 port and resolves once it answers HTTP requests.
 * @param {object} options
 * @param {string} options.workspace folder to open
 * @param {string} options.userDataDir settings, state and logs of this run
 * @param {string} options.extensionsDir where installed extensions live
 * @param {Record<string, unknown>} [options.settings] user settings merged over QUIET_SETTINGS
 * @param {Record<string, string>} [options.env] extra environment (the remote extension host inherits it)
 * @param {number} [options.port] fixed port; a free one by default
 * @param {boolean} [options.echo] also print code-server's output to this terminal
 * @returns {Promise<CodeServer>}
 */
export async function startCodeServer(options) {
  const entry = await ensureCodeServer();
  const userDataDir = path.resolve(options.userDataDir);
  const extensionsDir = path.resolve(options.extensionsDir);
  const workspace = path.resolve(options.workspace);
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2));
  // An empty config file keeps code-server from writing ~/.config/code-server/config.yaml.
  const configFile = path.join(userDataDir, 'code-server.yaml');
  fs.writeFileSync(configFile, 'auth: none\n');
  const port = options.port ?? (await freePort());
  const logFile = path.join(userDataDir, 'code-server.log');
  const log = fs.openSync(logFile, 'w');
  const args = [
    entry,
    '--config', configFile,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    // By default the socket goes in the user-data-dir; a deep checkout can push that path past
    // the 107-byte limit of Unix socket names.
    '--session-socket', path.join(os.tmpdir(), `servescope-code-server-${port}.sock`),
    workspace,
  ];
  const child = spawn(process.execPath, args, {
    cwd: workspace,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stop() also ends the extension hosts it forks.
    detached: true,
  });
  const output = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      fs.writeSync(log, chunk);
      output.push(String(chunk));
      if (options.echo) process.stdout.write(chunk);
    });
  }
  let exited = false;
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => {
    exited = true;
    resolve({ code, signal });
  }));

  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited before it was ready:\n${output.join('')}`);
    if (Date.now() > deadline) {
      process.kill(-child.pid, 'SIGKILL');
      throw new Error(`code-server did not answer on ${url} within 60 s:\n${output.join('')}`);
    }
    const ok = await fetch(`${url}healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    await Promise.race([exitPromise, new Promise((r) => setTimeout(r, 200))]);
  }

  const stop = async () => {
    if (exited) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const killTimer = setTimeout(() => {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }, 5_000);
    await exitPromise;
    clearTimeout(killTimer);
    fs.closeSync(log);
  };

  /** @param {Record<string, string>} [extra] */
  const folderUrl = (extra = {}) => {
    const query = new URLSearchParams({ folder: workspace, ...extra });
    return `${url}?${query.toString()}`;
  };

  return { url, port, workspace, userDataDir, extensionsDir, logFile, process: child, stop, folderUrl };
}

/**
 * Copies the extension host and window logs of a code-server run into a folder (for failed tests).
 * @param {string} userDataDir
 * @param {string} destination
 */
export function collectLogs(userDataDir, destination) {
  const logs = path.join(userDataDir, 'logs');
  fs.mkdirSync(destination, { recursive: true });
  if (fs.existsSync(logs)) fs.cpSync(logs, path.join(destination, 'logs'), { recursive: true });
  const serverLog = path.join(userDataDir, 'code-server.log');
  if (fs.existsSync(serverLog)) fs.copyFileSync(serverLog, path.join(destination, 'code-server.log'));
}

// `node scripts/code-server.mjs install` installs it (used by .ci/e2e.sh to time the cold install).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const command = process.argv[2] ?? 'install';
  if (command === 'install') {
    const started = Date.now();
    ensureCodeServer().then(
      (entry) => say(`code-server ready: ${entry} (${((Date.now() - started) / 1000).toFixed(1)} s)`),
      (error) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  } else {
    console.error('usage: node scripts/code-server.mjs install');
    process.exit(2);
  }
}
