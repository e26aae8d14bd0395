// Bundles the extension client, the language server, the CLI and the advisor webview.
// Usage: node esbuild.mjs [--watch] [--production] [--outdir DIR]  (DIR defaults to dist; the benchmark builds elsewhere)
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const outAt = process.argv.indexOf('--outdir');
const OUT = outAt >= 0 && process.argv[outAt + 1] ? process.argv[outAt + 1] : 'dist';
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { SERVESCOPE_VERSION: JSON.stringify(pkg.version) },
};

// The Anthropic SDK is most of the client's weight and only the advisor needs it, so it is its own
// bundle: the client bundle requires './anthropic-sdk.js' from inside the lazily-initialised
// anthropicClient module (session.ts imports that with `import()`), i.e. on the first question.
const SDK_BUNDLE = 'anthropic-sdk';
const sdkOutside = {
  name: 'anthropic-sdk-outside',
  setup(b) {
    b.onResolve({ filter: /^@anthropic-ai\/sdk$/ }, () => ({ path: `./${SDK_BUNDLE}.js`, external: true }));
    b.onResolve({ filter: /^@anthropic-ai\/sdk\// }, (a) => ({ errors: [{ text: `import '@anthropic-ai/sdk' itself (${a.path} would be bundled into the client)` }] }));
  },
};

const builds = [
  { ...node, entryPoints: { client: 'client/src/extension.ts' }, outdir: OUT, external: ['vscode'], plugins: [sdkOutside] },
  {
    ...node,
    stdin: { contents: "export * from '@anthropic-ai/sdk';\nexport { default } from '@anthropic-ai/sdk';\n", resolveDir: '.', sourcefile: `${SDK_BUNDLE}.ts`, loader: 'ts' },
    outfile: `${OUT}/${SDK_BUNDLE}.js`,
  },
  // The analysis worker is its own bundle: server.js starts it with `new Worker(<dir of server.js>/analysisWorker.js)`.
  { ...node, entryPoints: { server: 'server/src/server.ts', analysisWorker: 'server/src/lsp/analysisWorker.ts' }, outdir: OUT },
  { ...node, entryPoints: { cli: 'server/src/cli.ts' }, outdir: OUT },
];
if (fs.existsSync('client/webview/advisor.ts')) {
  builds.push({
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    entryPoints: { advisor: 'client/webview/advisor.ts', plan: 'client/webview/plan.ts' },
    outdir: `${OUT}/webview`,
    loader: { '.css': 'css' },
  });
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('esbuild: watching…');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  for (const css of ['advisor.css', 'plan.css']) if (fs.existsSync(`client/webview/${css}`)) fs.copyFileSync(`client/webview/${css}`, `${OUT}/webview/${css}`);
  for (const f of ['client.js', `${SDK_BUNDLE}.js`, 'server.js', 'analysisWorker.js', 'cli.js', 'webview/advisor.js', 'webview/plan.js'].map((x) => `${OUT}/${x}`)) {
    if (fs.existsSync(f)) console.log(`${f.padEnd(28)} ${(fs.statSync(f).size / 1024).toFixed(1).padStart(8)} KiB`);
  }
}
