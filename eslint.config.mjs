// `npm run lint` (and a step of `npm test`). Two kinds of rule, nothing stylistic:
//  - no floating promises (type-aware, through the same tsconfig.json as `tsc`);
//  - the layer boundaries of docs/architecture.md, so the pure core stays pure.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * Who may not import whom, by repository path. A `*` is one directory name; in `to` it means
 * "a sibling other than the one the importing file is in" (frameworks don't import each other).
 * `no-restricted-imports` patterns match the import text, and a relative path's text depends on
 * how deep the importing file sits; these are checked on the resolved path instead.
 */
const BOUNDARIES = [
  {
    from: 'server/src/core/',
    to: ['server/src/lsp/', 'server/src/cli/', 'server/src/protocol/', 'client/'],
    why: 'the core is shared by the server, the CLI and the tests, and knows nothing of them',
  },
  {
    from: 'server/src/core/frameworks/*/',
    to: ['server/src/core/frameworks/*/'],
    why: 'a framework folder belongs to its framework; move what both need into the core',
  },
  {
    from: 'server/src/lsp/',
    to: ['client/'],
    why: 'the server runs without the extension (CLI, other editors); contracts belong on the server side or in a shared folder',
  },
  {
    from: 'server/src/protocol/',
    to: ['server/src/lsp/', 'server/src/cli/', 'client/'],
    why: 'the protocol is the contract both sides import: plain types and names, no adapter code',
  },
];

const posix = (p) => p.split(path.sep).join('/');

// The directory names `pattern` (`dir/`, or with a `*` segment) binds on `file`; null when `file` is not inside it.
function bind(pattern, file) {
  const want = pattern.split('/');
  const got = file.split('/');
  // Everything before the trailing '' of `dir/` must be a directory: the file name comes after.
  if (got.length < want.length) return null;
  const stars = [];
  for (let i = 0; i < want.length - 1; i++) {
    if (want[i] === '*') stars.push(got[i]);
    else if (want[i] !== got[i]) return null;
  }
  return stars;
}

/** The file an import specifier names (Bundler resolution: extensionless, or a folder's index). */
function resolveFile(abs) {
  for (const c of [abs, `${abs}.ts`, `${abs}.mts`, `${abs}.d.ts`, `${abs}.js`, `${abs}/index.ts`]) {
    if (fs.statSync(c, { throwIfNoEntry: false })?.isFile()) return c;
  }
  return abs;
}

const layers = {
  meta: {
    type: 'problem',
    docs: { description: 'Import boundaries between the layers of docs/architecture.md' },
    schema: [],
    messages: { crossed: '{{from}} may not import {{to}} ({{spec}}): {{why}}.' },
  },
  create(context) {
    const file = posix(path.relative(root, context.filename));
    const applicable = BOUNDARIES.map((b) => ({ ...b, stars: bind(b.from, file) })).filter((b) => b.stars);
    if (applicable.length === 0) return {};
    // Reported on the whole statement, so a `// eslint-disable-next-line` goes above a multi-line import.
    const check = (node, source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const spec = source.value;
      if (!spec.startsWith('.')) return;
      const target = posix(path.relative(root, resolveFile(path.resolve(path.dirname(context.filename), spec))));
      for (const b of applicable) {
        for (const to of b.to) {
          const stars = bind(to, target);
          if (!stars) continue;
          // A sibling pattern: importing from one's own folder is fine.
          if (stars.length > 0 && stars.every((s, i) => s === b.stars[i])) continue;
          context.report({ node, messageId: 'crossed', data: { from: b.from.replace('*', b.stars[0] ?? '*'), to: target, spec, why: b.why } });
        }
      }
    };
    return {
      ImportDeclaration: (n) => check(n, n.source),
      ExportNamedDeclaration: (n) => check(n, n.source),
      ExportAllDeclaration: (n) => check(n, n.source),
      ImportExpression: (n) => check(n, n.source),
      TSImportType: (n) => check(n, n.argument?.type === 'TSLiteralType' ? n.argument.literal : n.source),
      CallExpression: (n) => {
        if (n.callee.type === 'Identifier' && n.callee.name === 'require') check(n, n.arguments[0]);
      },
    };
  },
};

/**
 * What the core may not import. With `io`, also the disk and the network: the core sees the files around a document
 * only through the injected host (server/src/core/host.ts), which the server, the CLI and the tests implement.
 */
function coreImports({ io }) {
  const ioMessage = 'the core reads files only through the injected Host (server/src/core/host.ts; analyze({ host })), so the server can watch what was read and tests can pass a map';
  return {
    paths: [
      { name: 'vscode', message: 'server/src/core/ runs outside the editor (CLI, tests); pass what it needs in.' },
      ...(io ? ['node:fs', 'fs', 'node:fs/promises', 'fs/promises', 'node:http', 'http', 'node:https', 'https', 'node:net', 'net'].map((name) => ({ name, message: ioMessage })) : []),
    ],
    patterns: [{ group: ['vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageclient', 'vscode-languageclient/*'], message: 'the LSP connection belongs in server/src/lsp/.' }],
  };
}

export default defineConfig(
  {
    // Generated and third-party code. The *.mjs build and test scripts are outside tsconfig.json, so
    // no-floating-promises would have no types there; the TypeScript in scripts/ and test/ is linted.
    ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'out/**', '**/*.mjs', '**/*.js', '**/*.cjs'],
  },
  {
    files: ['server/src/**/*.ts', 'client/src/**/*.ts', 'client/webview/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { '@typescript-eslint': tseslint.plugin, servescope: { rules: { layers } } },
    rules: {
      // A promise nobody awaits loses its rejection: handle it, await it, or mark it `void` on purpose.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          ignoreVoid: true,
          // node:test's describe/test return a promise the runner itself awaits and reports.
          allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }],
        },
      ],
      'servescope/layers': 'error',
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', coreImports({ io: true })] },
  },
);
