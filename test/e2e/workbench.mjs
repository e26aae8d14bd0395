// Drives the VS Code workbench served by code-server in headless Chromium, the way a user
// would: keyboard shortcuts, Quick Open, mouse hovers and clicks. Every wait is on a selector or
// a condition in the page, never a fixed delay.
//
// The extension under test is the packaged .vsix (SERVESCOPE_VSIX), installed into a fresh
// extensions folder, and the examples are copied to a scratch workspace so quick-fixes never
// touch the repository.

import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, collectLogs, installExtension, startCodeServer } from '../../scripts/code-server.mjs';
import { launchChromium } from '../../scripts/chromium.mjs';

export const RESULTS = path.join(REPO_ROOT, 'test-results', 'e2e');
const RUN_DIR = path.join(REPO_ROOT, '.vscode-test', 'code-server-e2e');

/** Ctrl on Linux/Windows: the workbench's keybindings in the browser follow the OS of the page. */
const MOD = process.platform === 'darwin' ? 'Meta' : 'Control';

/**
 * @typedef {object} Session
 * @property {import('playwright-core').Page} page
 * @property {import('playwright-core').Browser} browser
 * @property {import('../../scripts/code-server.mjs').CodeServer} server
 * @property {string} workspace
 * @property {string[]} consoleErrors
 */

/**
 * Installs the .vsix, starts code-server on a copy of examples/ and opens the workbench.
 * @param {{ settings?: Record<string, unknown>, env?: Record<string, string> }} [options] extra user settings, and
 *   environment for code-server (its extension host inherits it)
 * @returns {Promise<Session>}
 */
export async function openWorkbench(options = {}) {
  const vsix = process.env.SERVESCOPE_VSIX;
  if (!vsix || !fs.existsSync(vsix)) throw new Error('SERVESCOPE_VSIX must name the packaged extension (run through `npm run test:e2e`)');
  fs.rmSync(RUN_DIR, { recursive: true, force: true });
  fs.mkdirSync(RESULTS, { recursive: true });
  const workspace = path.join(RUN_DIR, 'examples');
  fs.cpSync(process.env.SERVESCOPE_EXAMPLES ?? path.join(REPO_ROOT, 'examples'), workspace, { recursive: true });
  const userDataDir = path.join(RUN_DIR, 'user-data');
  const extensionsDir = path.join(RUN_DIR, 'extensions');
  await installExtension(vsix, extensionsDir, userDataDir);
  const server = await startCodeServer({
    workspace,
    userDataDir,
    extensionsDir,
    settings: {
      // Hovers and the light bulb should appear promptly and stay while we read them.
      'editor.hover.delay': 100,
      'editor.hover.sticky': true,
      'editor.lightbulb.enabled': 'on',
      'editor.minimap.enabled': false,
      // No fade-ins: screenshots show widgets fully drawn.
      'workbench.reduceMotion': 'on',
      'files.autoSave': 'off',
      'workbench.editor.enablePreview': false,
      'workbench.colorTheme': 'Default Light Modern',
      // The scratch workspace sits inside this git checkout; don't offer to open it.
      'git.openRepositoryInParentFolders': 'never',
      'git.enabled': false,
      ...options.settings,
    },
    env: options.env,
  });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const consoleErrors = [];
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await page.goto(server.folderUrl());
  await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
  return { page, browser, server, workspace, consoleErrors };
}

/** @param {Session} session */
export async function closeWorkbench(session) {
  await session.browser?.close().catch(() => {});
  await session.server?.stop();
}

/**
 * Saves a screenshot of the whole workbench as test-results/e2e/<name>.png.
 * @param {Session} session
 * @param {string} name
 */
export async function shot(session, name) {
  const file = path.join(RESULTS, `${name}.png`);
  // Finite CSS animations (the hover's fade-in) are fast-forwarded so widgets appear fully drawn.
  await session.page.screenshot({ path: file, animations: 'disabled' });
  return file;
}

/**
 * Keeps what is needed to understand a failed step: the page, a screenshot and the extension host log.
 * @param {Session} session
 * @param {string} step
 */
export async function saveFailure(session, step) {
  const dir = path.join(RESULTS, `failed-${step}`);
  fs.mkdirSync(dir, { recursive: true });
  await session.page.screenshot({ path: path.join(dir, 'page.png') }).catch(() => {});
  fs.writeFileSync(path.join(dir, 'page.html'), await session.page.content().catch(() => ''));
  fs.writeFileSync(path.join(dir, 'console-errors.txt'), session.consoleErrors.join('\n'));
  collectLogs(session.server.userDataDir, dir);
  return dir;
}

/**
 * Runs one user-visible step; on failure keeps the evidence and rethrows.
 * @template T
 * @param {Session} session
 * @param {string} name also the screenshot's file name
 * @param {() => Promise<T>} body
 * @returns {Promise<T>}
 */
export async function step(session, name, body) {
  try {
    const result = await body();
    await shot(session, name);
    return result;
  } catch (error) {
    const dir = await saveFailure(session, name);
    if (error instanceof Error) error.message += `\n(page, screenshot and logs in ${path.relative(process.cwd(), dir)})`;
    throw error;
  }
}

/**
 * Opens a workspace file through Quick Open (Ctrl+P), as a user would, and waits for its editor.
 * @param {Session} session
 * @param {string} relative path inside the workspace
 * @returns {Promise<import('playwright-core').Locator>} the editor
 */
export async function openFile(session, relative) {
  const { page } = session;
  const name = path.basename(relative);
  // Keys typed while a webview has focus may not reach the workbench; give it focus back first.
  await focusWorkbench(session);
  await page.keyboard.press(`${MOD}+KeyP`);
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(relative);
  // Pick the row once the search has settled on this file (the list refreshes as results arrive).
  const row = page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).first();
  await row.waitFor();
  await row.click();
  const editor = page.locator(`.editor-instance .monaco-editor[data-uri$="/${name}"]`).first();
  await editor.waitFor({ state: 'visible' });
  await editor.locator('.view-line').first().waitFor();
  return editor;
}

/**
 * Moves keyboard focus out of any webview iframe into the workbench, as clicking the status bar does.
 * @param {Session} session
 */
export async function focusWorkbench(session) {
  const inFrame = await session.page.evaluate(() => document.activeElement?.tagName === 'IFRAME');
  if (inFrame) await session.page.locator('.part.editor').first().click({ position: { x: 200, y: 5 } }).catch(() => {});
  await session.page.keyboard.press('Escape');
}

/**
 * The text of the status bar entry whose text starts with `prefix` (e.g. "ServeScope:").
 * @param {Session} session
 * @param {string} prefix
 */
export async function statusBarText(session, prefix) {
  const item = session.page.locator('.statusbar-item', { hasText: prefix }).first();
  await item.waitFor({ state: 'visible' });
  return (await item.innerText()).trim();
}

/**
 * Locates the span of a word in the rendered lines of an editor (first match).
 * @param {import('playwright-core').Locator} editor
 * @param {string} word
 */
export function wordInEditor(editor, word) {
  const exact = new RegExp(`^\\s*${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  return editor.locator('.view-line span span').filter({ hasText: exact }).first();
}

/**
 * Moves the cursor with Go to Line (Ctrl+G), as a user would, to a 0-based line and character.
 * @param {Session} session
 * @param {number} line
 * @param {number} character
 */
export async function goToLine(session, line, character) {
  const { page } = session;
  await page.keyboard.press(`${MOD}+KeyG`);
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line + 1}:${character + 1}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
  await page.locator('.statusbar-item', { hasText: `Ln ${line + 1}, Col ${character + 1}` }).first().waitFor();
}

/** Visible text of the hover widget once it shows something. */
export async function hoverText(session, timeout = 30_000) {
  const hover = session.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents').first();
  await hover.waitFor({ state: 'visible', timeout });
  await session.page.waitForFunction(
    () => [...document.querySelectorAll('.monaco-hover:not(.hidden) .hover-contents')].some((e) => (e.textContent ?? '').trim().length > 0),
  );
  return (await session.page.locator('.monaco-hover:not(.hidden)').first().innerText()).trim();
}

/**
 * Hovers a word and returns the hover's text. Under load the workbench sometimes drops
 * the first hover (the mouse arrives before the editor has laid out the line), so a
 * missing hover is retried by moving away and back, as a user would.
 * @param {Session} session
 * @param {import('playwright-core').Locator} editor
 * @param {string} word
 */
export async function hoverWord(session, editor, word, tries = 3) {
  for (let i = 1; ; i++) {
    await session.page.mouse.move(5, 5);
    await wordInEditor(editor, word).hover();
    try {
      return await hoverText(session, i < tries ? 10_000 : 30_000);
    } catch (e) {
      if (i >= tries) throw e;
    }
  }
}

/**
 * Distinct text colours of the tokens rendered in an editor's visible lines.
 * @param {import('playwright-core').Locator} editor
 */
export async function tokenColours(editor) {
  return editor.evaluate((root) => {
    const colours = new Set();
    for (const span of root.querySelectorAll('.view-lines .view-line span span')) {
      if ((span.textContent ?? '').trim()) colours.add(getComputedStyle(span).color);
    }
    return [...colours];
  });
}

export { MOD };
