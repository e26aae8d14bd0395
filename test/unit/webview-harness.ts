/**
 * Loads a webview's bundled script under the HTML and Content Security Policy the
 * extension serves, in headless Chromium, with a stub of the VS Code webview API
 * that records what the page posts. Shared by the advisor and plan view tests.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
export const ROOT = join(import.meta.dirname, '..', '..');
export const ORIGIN = 'https://webview.test';

/** The browser bundle of `client/webview/<name>.ts` and its stylesheet, built the way esbuild.mjs builds them. */
export async function bundle(name: string): Promise<{ script: string; css: string }> {
  const js = await build({ entryPoints: [join(ROOT, `client/webview/${name}.ts`)], bundle: true, platform: 'browser', format: 'iife', target: 'es2022', write: false });
  const style = await build({ entryPoints: [join(ROOT, `client/webview/${name}.css`)], bundle: true, write: false, outdir: `/tmp/${name}-css` });
  return { script: js.outputFiles[0]!.text, css: style.outputFiles[0]!.text };
}

/** A page serving `html` with the bundle at ORIGIN/<name>.js|css; resolves once the script posted 'ready'. Page errors land in `page.errors`. */
export async function openWebview(browser: Browser, name: string, html: string, files: { script: string; css: string }): Promise<Page & { errors: string[] }> {
  const page = (await browser.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  // A string, not a function: tsx's transform would add helper calls the page doesn't have.
  await page.addInitScript(`
    window.__sent = [];
    let state;
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__sent.push(m),
      getState: () => state,
      setState: (s) => { state = s; },
    });
  `);
  await page.route(`${ORIGIN}/**`, (route) => {
    const url = route.request().url();
    if (url.endsWith(`/${name}.js`)) return route.fulfill({ contentType: 'text/javascript', body: files.script });
    if (url.endsWith(`/${name}.css`)) return route.fulfill({ contentType: 'text/css', body: files.css });
    if (url.endsWith('/index.html')) return route.fulfill({ contentType: 'text/html', body: html });
    return route.fulfill({ status: 404, body: '' });
  });
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => (window as unknown as { __sent: { type: string }[] }).__sent.some((m) => m.type === 'ready'), undefined, { timeout: 5000 });
  return page;
}

/** What the page has posted so far. */
export function sent<T = { type: string }>(page: Page): Promise<T[]> {
  return page.evaluate(() => (window as unknown as { __sent: unknown[] }).__sent) as Promise<T[]>;
}

/**
 * Inside a describe(): builds the bundle and starts Chromium once for the suite, closes it after;
 * `open()` loads a fresh page with `html`.
 */
export function useWebview(name: string, html: string): () => Promise<Page & { errors: string[] }> {
  let browser: Browser;
  let files: { script: string; css: string };
  before(async () => {
    files = await bundle(name);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  after(() => browser?.close());
  return () => openWebview(browser, name, html, files);
}
