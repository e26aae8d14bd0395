// Bundles the integration tests to out/integration/ (CommonJS, as the extension host loads them).
// Each *.test.ts becomes its own file so mocha can report it by name; mocha and vscode stay
// external (vscode is provided by the editor, mocha is resolved from the repository's node_modules).
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '..', '..');
export const OUT_DIR = path.join(REPO_ROOT, 'out', 'integration');

/**
 * Builds the integration tests.
 * @returns {Promise<string>} path of the runner module to pass as extensionTestsPath
 */
export async function buildIntegrationTests() {
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  const entries = fs.readdirSync(here).filter((f) => f === 'index.ts' || f.endsWith('.test.ts')).map((f) => path.join(here, f));
  await build({
    entryPoints: entries,
    outdir: OUT_DIR,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return path.join(OUT_DIR, 'index.js');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const index = await buildIntegrationTests();
  console.log(`built ${path.relative(process.cwd(), index)}`);
}
