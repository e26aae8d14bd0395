/**
 * Shared helpers for the integration tests. They run inside the VS Code extension host
 * (code-server's or a downloaded VS Code's), so they may import 'vscode'.
 *
 * Expectations come from two places that already define behaviour: the examples on disk and
 * the `servescope check --format json` CLI (the same core the language server runs), so the
 * tests follow the examples as they change while still failing when the editor disagrees.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** Extension id: publisher.name from package.json. */
export const EXTENSION_ID = 'servescope.servescope';
export const DIAGNOSTIC_SOURCE = 'servescope';

/** Bundled tests live in `<repo>/out/integration/`; the repository is two levels up. */
export const REPO_ROOT = process.env.SERVESCOPE_REPO ?? path.resolve(__dirname, '..', '..');
export const EXAMPLES_DIR = process.env.SERVESCOPE_EXAMPLES ?? path.join(REPO_ROOT, 'examples');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

/** How long a test waits for the language server before it fails. */
export const WAIT_MS = Number(process.env.SERVESCOPE_WAIT_MS ?? 30_000);

/** Example configs, relative to examples/, sorted (hidden folders skipped). */
export function listExamples(): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.(ya?ml|pbtxt)$/i.test(entry.name)) out.push(path.relative(EXAMPLES_DIR, full));
    }
  };
  visit(EXAMPLES_DIR);
  return out;
}

/** What the CLI reports for one file (the DESIGN.md JSON contract). */
export interface CliFile {
  path: string;
  framework: string | null;
  diagnostics: {
    code: string;
    severity: 'error' | 'warning' | 'information' | 'hint';
    message: string;
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
  }[];
}

let cliCache: Map<string, CliFile> | undefined;

/**
 * Runs `servescope check --format json` once over all examples (from the examples folder, as the
 * editor sees them as a workspace) and indexes the result by path relative to examples/.
 * Returns undefined when the CLI has not been built.
 */
export function cliResults(): Map<string, CliFile> | undefined {
  if (cliCache) return cliCache;
  if (!fs.existsSync(CLI)) return undefined;
  const files = listExamples();
  // Inside Electron, process.execPath is the editor binary; this makes it behave as node.
  const result = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', ...files], {
    cwd: EXAMPLES_DIR,
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`servescope check failed (exit ${result.status}): ${result.stderr || result.stdout}`);
  }
  const parsed = JSON.parse(result.stdout) as { files: CliFile[] };
  cliCache = new Map(parsed.files.map((f) => [path.normalize(f.path), f]));
  return cliCache;
}

/**
 * What `servescope estimate --json FILE` says about an example, or undefined while the capacity
 * model is not wired (the command then prints a notice instead of JSON). Tests of the estimate
 * in hovers run only when this returns something, and must pass from then on.
 */
export function cliEstimate(relative: string): Record<string, unknown> | undefined {
  if (!fs.existsSync(CLI)) return undefined;
  const result = spawnSync(process.execPath, [CLI, 'estimate', '--json', relative], {
    cwd: EXAMPLES_DIR,
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  try {
    const parsed = JSON.parse(result.stdout) as Record<string, unknown>;
    return JSON.stringify(parsed).includes('_gib') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function exampleUri(relative: string): vscode.Uri {
  return vscode.Uri.file(path.join(EXAMPLES_DIR, relative));
}

/** Opens an example in an editor (so it becomes the active editor) and returns its document. */
export async function openExample(relative: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(exampleUri(relative));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** Our diagnostics on one document. */
export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);
}

export function codeOf(d: vscode.Diagnostic): string {
  if (d.code === undefined) return '';
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

const SEVERITY_NAMES: Record<vscode.DiagnosticSeverity, CliFile['diagnostics'][number]['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'information',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

/** One comparable line per diagnostic: "line:char-line:char severity code". */
export function describeDiagnostic(d: vscode.Diagnostic): string {
  const r = d.range;
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${SEVERITY_NAMES[d.severity]} ${codeOf(d)}`;
}

export function describeCliDiagnostic(d: CliFile['diagnostics'][number]): string {
  const r = d.range;
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${d.severity} ${d.code}`;
}

/**
 * Resolves once `check()` returns a value other than undefined, re-checking whenever diagnostics,
 * the active editor or a document change, and (as a fallback for state with no event, such as an
 * extension turning active) every 250 ms. Rejects with `what` after `timeoutMs`.
 */
export function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = WAIT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const subscriptions: vscode.Disposable[] = [];
    const finish = (error: Error | undefined, value?: T) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(ticker);
      for (const s of subscriptions) s.dispose();
      if (error) reject(error);
      else resolve(value as T);
    };
    const probe = async () => {
      if (done) return;
      try {
        const value = await check();
        if (value !== undefined) finish(undefined, value);
      } catch (error) {
        finish(error instanceof Error ? error : new Error(String(error)));
      }
    };
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
    const ticker = setInterval(() => void probe(), 250);
    subscriptions.push(
      vscode.languages.onDidChangeDiagnostics(() => void probe()),
      vscode.window.onDidChangeActiveTextEditor(() => void probe()),
      vscode.workspace.onDidChangeTextDocument(() => void probe()),
    );
    void probe();
  });
}

/**
 * Waits until our diagnostics on `uri` satisfy `accept` (event-driven: onDidChangeDiagnostics).
 * @returns the accepted diagnostics
 */
export function waitForDiagnostics(uri: vscode.Uri, what: string, accept: (diagnostics: vscode.Diagnostic[]) => boolean, timeoutMs = WAIT_MS): Promise<vscode.Diagnostic[]> {
  return waitFor(`${what} on ${path.basename(uri.fsPath)}`, () => {
    const diagnostics = ourDiagnostics(uri);
    return accept(diagnostics) ? diagnostics : undefined;
  }, timeoutMs);
}

/** Resolves with the next diagnostics change that touches `uri` (or rejects after timeoutMs). */
export function nextDiagnosticsChange(uri: vscode.Uri, timeoutMs = WAIT_MS): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no diagnostics published for ${path.basename(uri.fsPath)} within ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(ourDiagnostics(uri));
    });
  });
}

/** Asks the extension which format it detected for the active editor. */
export async function detectedFormat(): Promise<string | null | undefined> {
  return vscode.commands.executeCommand<string | null | undefined>('servescope.detectedFormat');
}

/** Plain text of hover contents, whatever shape each part has. */
export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n')
    .trim();
}

/** Throws away unsaved edits in every open document, so the examples stay as they are on disk. */
export async function revertAllEdits(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file')) {
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    if (doc.isDirty) throw new Error(`could not revert ${doc.fileName}`);
  }
}

/** Closes every editor without saving. */
export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The examples whose CLI result names a framework and has at least one diagnostic. */
export function brokenExamples(): string[] {
  const cli = cliResults();
  if (!cli) return [];
  return listExamples().filter((f) => {
    const r = cli.get(path.normalize(f));
    return r?.framework && r.diagnostics.length > 0;
  });
}

/** The first example the CLI detects as `format`. */
/** Standalone configs: the examples under k8s/ are manifests that carry a config, not the config's own file. */
export function standaloneExamples(): string[] {
  return listExamples().filter((f) => !f.split(/[\\/]/).includes('k8s'));
}

export function exampleOfFormat(format: string): string | undefined {
  const cli = cliResults();
  if (cli) return standaloneExamples().find((f) => cli.get(path.normalize(f))?.framework === format);
  // Before the CLI exists, fall back to file names.
  return listExamples().find((f) => (format === 'triton' ? f.endsWith('.pbtxt') : f.toLowerCase().includes(format)));
}

/** Older name of revertAllEdits, kept for suites written against it. */
export const revertActiveEditor = revertAllEdits;
