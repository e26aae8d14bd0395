// Launches the system's headless Chromium (Debian's `chromium`) through playwright-core.
// playwright's own browser download is not reachable here, so we always pass an executable.

import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { ensureDebianPackages, which } from './code-server.mjs';

/** Flags that keep Chromium from phoning home or needing a GPU/sandbox in containers and CI. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Finds (or, as root on Debian, installs) a Chromium binary. */
export function chromiumPath() {
  const fromEnv = process.env.SERVESCOPE_CHROMIUM;
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = which(name);
    if (found) return found;
  }
  if (ensureDebianPackages(['chromium']) && fs.existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  throw new Error('no Chromium found: install Debian\'s chromium (apt-get install -y chromium) or set SERVESCOPE_CHROMIUM');
}

/**
 * Starts headless Chromium.
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function launchChromium() {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}
