/**
 * Editor latency benchmark (not a test): ServeScope's real bundled server over stdio,
 * side by side with yaml-language-server validating the same YAML files against
 * ServeScope's own schemas, in the same run.
 *
 *   node --import tsx scripts/bench.ts [--iterations N] [--quick] [--no-yls]
 *
 * Measures edit → published diagnostics (an incremental didChange of one value in the
 * middle of the file, timed until the diagnostics of that version arrive), hover and
 * completion on the large files, server start → initialize result, and the sizes of
 * production bundles (built into a temp dir, so dist/ is left alone).
 *
 * yaml-language-server 1.x waits a fixed 200 ms (`validationDelayMs`, not a setting)
 * before validating; its column "compute" subtracts that wait, and the ratio is taken
 * against that, the stricter comparison.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { analyze } from '../server/src/core/analyze';
import { fullVllmConfig, largeManifest, largeRayServe, largeTritonEnsemble } from './bench-inputs';

const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const QUICK = flag('--quick');
const ITER = Number(args[args.indexOf('--iterations') + 1]) || (QUICK ? 10 : 30);
const WARMUP = QUICK ? 3 : 5;
const YLS_DELAY_MS = 200;

interface Input {
  id: string;
  /** Where the document claims to live (detection reads the file name). */
  file: string;
  text: string;
  languageId: 'yaml' | 'pbtxt';
  large: boolean;
  schema?: string | null;
  /** Offset range of the value the edits toggle, and its two spellings. */
  edit: { start: number; end: number; a: string; b: string };
  /** Offset for hover and completion: a key in the middle of the file. */
  keyAt: number;
  /** Row label in the scaling table (issue 15's targets), for the generated Ray Serve configs and the manifest. */
  scale?: string;
}

// --- LSP over stdio ------------------------------------------------------------------------

interface Publish {
  uri: string;
  version?: number;
  count: number;
  at: number;
}

class StdioLsp {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  private waiters: { pred: (p: Publish) => boolean; resolve: (p: Publish) => void }[] = [];
  private last = new Map<string, Publish>();
  stderr = '';

  constructor(
    readonly name: string,
    argv: string[],
    private readonly config: (section: string | undefined) => unknown,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.proc = spawn(process.execPath, argv, { stdio: ['pipe', 'pipe', 'pipe'], env });
    // A server that exits first must not take the benchmark down with EPIPE.
    this.proc.stdin!.on('error', () => undefined);
    this.proc.stderr!.on('data', (d) => (this.stderr = (this.stderr + String(d)).slice(-4000)));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: unknown[] }) => {
      const rec = { uri: p.uri, version: p.version, count: p.diagnostics.length, at: performance.now() };
      this.last.set(p.uri, rec);
      this.waiters = this.waiters.filter((w) => (w.pred(rec) ? (w.resolve(rec), false) : true));
    });
    this.conn.onNotification(() => undefined);
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => this.config(i.section)));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest(() => null);
    this.conn.listen();
  }

  async initialize(rootUri: string): Promise<number> {
    const t0 = performance.now();
    await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { versionSupport: true }, hover: { contentFormat: ['markdown', 'plaintext'] }, completion: { completionItem: { snippetSupport: true } } },
      },
    });
    const dt = performance.now() - t0;
    await this.conn.sendNotification('initialized', {});
    return dt;
  }

  notify(method: string, params: unknown): void {
    void this.conn.sendNotification(method, params);
  }

  /** The next publication for `uri` accepted by `pred`, from now on. */
  next(uri: string, pred: (p: Publish) => boolean = () => true, timeoutMs = 60_000): Promise<Publish> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
      this.waiters.push({ pred: (p) => p.uri === uri && pred(p), resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.conn.sendRequest<T>(method, params);
  }

  async stop(): Promise<void> {
    const exited = new Promise((r) => (this.proc.exitCode !== null ? r(null) : this.proc.once('exit', r)));
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit').catch(() => undefined);
    } catch {
      // already gone
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    this.conn.dispose();
    if (this.proc.exitCode === null) this.proc.kill();
  }
}

function position(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

// --- inputs --------------------------------------------------------------------------------

/** The integer or boolean value nearest the middle of the file; edits toggle it between n and n·10 (true/false), so the length changes. */
function middleValue(text: string, re: RegExp): { start: number; end: number; a: string; b: string; keyAt: number } {
  const mid = text.length / 2;
  let best: { start: number; end: number; a: string; b: string; keyAt: number } | undefined;
  for (const m of text.matchAll(re)) {
    const start = m.index! + m[0].length - m[2].length;
    const cand = { start, end: start + m[2].length, a: m[2], b: toggled(m[2]), keyAt: m.index! + m[0].indexOf(m[1]) + 1 };
    if (!best || Math.abs(start - mid) < Math.abs(best.start - mid)) best = cand;
  }
  if (!best) throw new Error('no integer value to edit');
  return best;
}

const toggled = (v: string) => (v === 'true' ? 'false' : v === 'false' ? 'true' : v === '-1' ? '1' : v + '0');
const YAML_INT = /^[ -]*([A-Za-z_][\w-]*): (-?\d+|true|false)[ \t]*$/gm;
const PBTXT_INT = /([a-z_]+): (-?\d+|true|false)\s*$/gm;

function inputs(dir: string): Input[] {
  const out: Input[] = [];
  const add = (id: string, rel: string, text: string, large: boolean, scale?: string) => {
    const file = path.join(dir, id, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    const languageId = rel.endsWith('.pbtxt') ? 'pbtxt' : 'yaml';
    const e = middleValue(text, languageId === 'pbtxt' ? PBTXT_INT : YAML_INT);
    const schema = analyze({ uri: pathToFileURL(file).href, text, languageId }).detection.schema;
    out.push({ id, file, text, languageId, large, schema, edit: e, keyAt: e.keyAt, scale });
  };
  const examples = path.join(ROOT, 'examples');
  const walk = (d: string): string[] =>
    fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  for (const f of walk(examples).filter((f) => /\.(ya?ml|pbtxt)$/.test(f)).sort()) {
    const rel = path.relative(examples, f);
    const parts = rel.split(path.sep);
    const id = parts[0] === 'triton' ? `triton/${parts[parts.length - 2]}` : `${parts[0]}/${parts[parts.length - 1]}`;
    add(id.replace(/[^\w.-]/g, '_'), parts.slice(1).join('/'), fs.readFileSync(f, 'utf8'), false);
  }
  for (const apps of [3, 30, 100]) add(`rayserve-${apps}-apps`, 'serve_config.yaml', largeRayServe(apps), false, `Ray Serve, ${apps} applications`);
  add('large-rayserve', 'serve_config.yaml', largeRayServe(), true, 'Ray Serve, 300 applications');
  add('large-triton', 'model_repository/big_ensemble/config.pbtxt', largeTritonEnsemble(), true);
  add('large-vllm', 'vllm-all-args.yaml', fullVllmConfig(), true);
  add('large-manifest', 'k8s/deploy.yaml', largeManifest(), true, 'manifest, 20 documents');
  return out;
}

// --- measurements --------------------------------------------------------------------------

interface Stats {
  median: number;
  p95: number;
  n: number;
}

function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return { median: q(0.5), p95: q(0.95), n: s.length };
}

/** Opens the document, then times `ITER` edits (after warm-up) until the diagnostics of each edit arrive. */
async function editLatency(lsp: StdioLsp, inp: Input, versioned: boolean): Promise<Stats & { diagnostics: number }> {
  const uri = pathToFileURL(inp.file).href;
  const opened = lsp.next(uri);
  lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: inp.languageId, version: 1, text: inp.text } });
  let last = await opened;
  let text = inp.text;
  let version = 1;
  let current = inp.edit.a;
  const times: number[] = [];
  for (let i = 0; i < WARMUP + ITER; i++) {
    const replacement = current === inp.edit.a ? inp.edit.b : inp.edit.a;
    const start = position(text, inp.edit.start);
    const end = position(text, inp.edit.start + current.length);
    text = text.slice(0, inp.edit.start) + replacement + text.slice(inp.edit.start + current.length);
    current = replacement;
    version++;
    const v = version;
    const done = lsp.next(uri, (p) => (versioned ? p.version === v : true));
    const t0 = performance.now();
    lsp.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range: { start, end }, text: replacement }] });
    last = await done;
    if (i >= WARMUP) times.push(last.at - t0);
  }
  lsp.notify('textDocument/didClose', { textDocument: { uri } });
  return { ...stats(times), diagnostics: last.count };
}

async function requestLatency(lsp: StdioLsp, inp: Input, method: string): Promise<Stats> {
  const uri = pathToFileURL(inp.file).href;
  const opened = lsp.next(uri);
  lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: inp.languageId, version: 1, text: inp.text } });
  await opened;
  const pos = position(inp.text, inp.keyAt);
  const times: number[] = [];
  for (let i = 0; i < WARMUP + ITER; i++) {
    const t0 = performance.now();
    await lsp.request(method, { textDocument: { uri }, position: pos });
    if (i >= WARMUP) times.push(performance.now() - t0);
  }
  lsp.notify('textDocument/didClose', { textDocument: { uri } });
  return stats(times);
}

/**
 * The planner inside the editor: a document that states traffic and an SLO is simulated
 * once per engine and targets. "cold" opens a document whose targets no earlier document
 * had (the simulation runs before its diagnostics); "cached" edits an unrelated key of it
 * (a memo lookup); "hover" asks for the operating-point hover on target_ongoing_requests.
 */
async function operatingPointLatency(lsp: StdioLsp, dir: string): Promise<{ cold: Stats; cached: Stats; hover: Stats }> {
  const base = fs.readFileSync(path.join(ROOT, 'examples', 'rayserve', 'llm_app.yaml'), 'utf8');
  const cold: number[] = [];
  const cached: number[] = [];
  const hover: number[] = [];
  const runs = QUICK ? 6 : 12;
  for (let i = 0; i < WARMUP + runs; i++) {
    // A distinct rate per document: a new memo key, so every open simulates.
    const text = `# servescope: rps=${(3 + i * 0.37).toFixed(2)} slo="ttft:p95<800ms;tpot:p95<80ms"\n${base}`;
    const uri = pathToFileURL(path.join(dir, `op-${i}.yaml`)).href;
    const opened = lsp.next(uri);
    const t0 = performance.now();
    lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const p = await opened;
    const t1 = performance.now();
    const at = text.indexOf('target_ongoing_requests') + 2;
    await lsp.request('textDocument/hover', { textDocument: { uri }, position: position(text, at) });
    const t2 = performance.now();
    const edit = text.indexOf('route_prefix: /') + 'route_prefix: /'.length;
    const done = lsp.next(uri, (q) => q.version === 2);
    const t3 = performance.now();
    lsp.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: position(text, edit), end: position(text, edit) }, text: 'v1' }] });
    const q = await done;
    if (i >= WARMUP) {
      cold.push(p.at - t0);
      hover.push(t2 - t1);
      cached.push(q.at - t3);
    }
    lsp.notify('textDocument/didClose', { textDocument: { uri } });
  }
  return { cold: stats(cold), cached: stats(cached), hover: stats(hover) };
}

// --- servers -------------------------------------------------------------------------------

/** The production bundles, built by esbuild.mjs itself into a temp dir, so a concurrent dev build in dist/ is untouched. */
async function buildProduction(out: string): Promise<Record<string, number>> {
  const r = spawnSync(process.execPath, ['esbuild.mjs', '--production', '--outdir', out], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`esbuild.mjs --production failed: ${r.stderr}`);
  const sizes: Record<string, number> = {};
  for (const f of ['client.js', 'anthropic-sdk.js', 'server.js', 'analysisWorker.js', 'cli.js']) if (fs.existsSync(path.join(out, f))) sizes[f] = fs.statSync(path.join(out, f)).size;
  return sizes;
}

/** `inProcess` keeps analysis on the server's loop (SERVESCOPE_ANALYSIS=in-process), to price the worker thread. The schemas are inside the bundle. */
function servescope(serverJs: string, inProcess = false): StdioLsp {
  const env = { ...process.env, SERVESCOPE_ANALYSIS: inProcess ? 'in-process' : '' };
  return new StdioLsp('servescope', [serverJs, '--stdio'], () => ({}), env);
}

function ylsPath(): string | undefined {
  try {
    const pkg = require.resolve('yaml-language-server/package.json', { paths: [ROOT] });
    return path.join(path.dirname(pkg), 'bin', 'yaml-language-server');
  } catch {
    return undefined;
  }
}

function ylsVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(require.resolve('yaml-language-server/package.json', { paths: [ROOT] }), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

function yls(bin: string, files: Input[], extra: Record<string, string> = {}): StdioLsp {
  const schemas: Record<string, string[]> = {};
  const map = (schema: string, file: string) => {
    const uri = pathToFileURL(path.join(ROOT, 'schemas', `${schema}.schema.json`)).href;
    (schemas[uri] ??= []).push(`**/${path.basename(path.dirname(file))}/${path.basename(file)}`);
  };
  for (const f of files) if (f.schema) map(f.schema, f.file);
  for (const [file, schema] of Object.entries(extra)) map(schema, file);
  const settings = {
    validate: true,
    hover: true,
    completion: true,
    format: { enable: false },
    schemaStore: { enable: false },
    yamlVersion: '1.1',
    schemas,
  };
  const lsp = new StdioLsp('yaml-language-server', [bin, '--stdio'], (section) => (section === 'yaml' ? settings : section === 'http' ? {} : null));
  lsp.notify('workspace/didChangeConfiguration', { settings: { yaml: settings } });
  return lsp;
}

// --- report --------------------------------------------------------------------------------

const ms = (x: number | undefined) => (x === undefined ? '—' : x < 10 ? x.toFixed(2) : x.toFixed(1));

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servescope-bench-'));
  try {
    console.log(`ServeScope benchmark — node ${process.version}, ${os.cpus()[0]?.model ?? '?'} ×${os.cpus().length}; ${ITER} timed iterations after ${WARMUP} warm-up`);
    const files = inputs(dir);
    const sizes = await buildProduction(path.join(dir, 'dist'));
    const serverJs = path.join(dir, 'dist', 'server.js');
    const rootUri = pathToFileURL(dir).href;

    // Start → initialize result, fresh process each time.
    const starts: number[] = [];
    for (let i = 0; i < (QUICK ? 3 : 10); i++) {
      const s = servescope(serverJs);
      starts.push(await s.initialize(rootUri));
      await s.stop();
    }

    const ss = servescope(serverJs);
    await ss.initialize(rootUri);
    const bin = flag('--no-yls') ? undefined : ylsPath();
    const checkFile = path.join(dir, 'yls-check', 'serve_config.yaml');
    const y = bin ? yls(bin, files, { [checkFile]: 'rayserve' }) : undefined;
    let ylsCheck = 'not run (yaml-language-server not installed or --no-yls)';
    if (y) {
      await y.initialize(rootUri);
      // Prove it validates against our schema: a wrongly typed value must be reported.
      const uri = pathToFileURL(checkFile).href;
      const got = y.next(uri, (p) => p.count > 0, 20_000);
      y.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: 'applications: 5\n' } });
      ylsCheck = await got.then(
        (p) => `ok (${p.count} diagnostic(s) on a deliberately invalid file)`,
        () => 'FAILED: no schema diagnostics — its numbers below are not comparable',
      );
    }

    const rows: string[][] = [];
    const scaling: string[][] = [];
    const scaled: { lines: number; median: number }[] = [];
    let ratio: string | undefined;
    for (const f of files) {
      const a = await editLatency(ss, f, true);
      const b = y && f.languageId === 'yaml' && f.schema ? await editLatency(y, f, false) : undefined;
      const compute = b && { median: Math.max(0, b.median - YLS_DELAY_MS), p95: Math.max(0, b.p95 - YLS_DELAY_MS) };
      if (f.scale) {
        const lines = f.text.split('\n').length;
        if (f.id.startsWith('rayserve-') || f.id === 'large-rayserve') scaled.push({ lines, median: a.median });
        scaling.push([f.scale, lines.toLocaleString('en-US'), ms(a.median), ms(a.p95), b ? ms(b.median) : '—', compute ? ms(compute.median) : '—', compute ? `${(compute.median / a.median).toFixed(0)}×` : '—', b ? `${(b.median / a.median).toFixed(0)}×` : '—']);
      }
      if (f.id === 'large-rayserve' && compute) ratio = `${(compute.median / a.median).toFixed(1)}× (median, vs yaml-language-server compute) / ${(b!.median / a.median).toFixed(1)}× (vs its raw latency)`;
      rows.push([
        f.id + (f.large ? ` (${f.text.split('\n').length} lines, ${(f.text.length / 1024).toFixed(0)} KiB)` : ''),
        f.schema ?? '-',
        ms(a.median),
        ms(a.p95),
        String(a.diagnostics),
        b ? ms(b.median) : '—',
        b ? ms(b.p95) : '—',
        compute ? ms(compute.median) : '—',
        b ? String(b.diagnostics) : '—',
      ]);
    }
    printTable(
      'edit → published diagnostics by size (ms; median of the timed edits; ratios: yaml-language-server without / with its 200 ms delay over ServeScope, same run)',
      ['file', 'lines', 'ServeScope median', 'p95', 'YLS median', 'YLS − 200 ms delay', 'ratio (compute)', 'ratio (raw)'],
      scaling,
    );
    const at = (n: number) => scaled.find((x) => x.lines > n)?.median;
    const flat = at(1000) && at(15000) ? (at(15000)! / at(1000)!).toFixed(1) : '?';
    console.log(`growth from the 30-application file to the 300-application one: ${flat}× (target ≤ 2×); targets: ≤ 3 ms at ~180 lines, ≤ 10 ms at ~16,800 lines, ≥ 40× yaml-language-server`);

    printTable(
      'edit → published diagnostics (ms)',
      ['file', 'schema', 'ServeScope median', 'p95', 'diags', 'YLS median', 'p95', 'YLS − 200 ms delay', 'diags'],
      rows,
    );

    const req: string[][] = [];
    for (const f of files.filter((x) => x.large)) {
      const h = await requestLatency(ss, f, 'textDocument/hover');
      const c = await requestLatency(ss, f, 'textDocument/completion');
      const yh = y && f.languageId === 'yaml' && f.schema ? await requestLatency(y, f, 'textDocument/hover') : undefined;
      const yc = y && f.languageId === 'yaml' && f.schema ? await requestLatency(y, f, 'textDocument/completion') : undefined;
      req.push([f.id, ms(h.median), ms(h.p95), ms(c.median), ms(c.p95), ms(yh?.median), ms(yc?.median)]);
    }
    printTable('hover / completion on the large files (ms)', ['file', 'hover median', 'p95', 'completion median', 'p95', 'YLS hover', 'YLS completion'], req);

    // The same edits and requests with analysis on the server's own loop: what the thread boundary costs.
    const big = files.find((f) => f.id === 'large-rayserve')!;
    const inproc = servescope(serverJs, true);
    await inproc.initialize(rootUri);
    const boundary: string[][] = [];
    for (const [label, lsp] of [['worker thread', ss], ['in-process', inproc]] as const) {
      const e = await editLatency(lsp, big, true);
      const h = await requestLatency(lsp, big, 'textDocument/hover');
      const c = await requestLatency(lsp, big, 'textDocument/completion');
      boundary.push([label, ms(e.median), ms(e.p95), ms(h.median), ms(c.median)]);
    }
    await inproc.stop();
    printTable('analysis in the worker thread vs on the server loop, large-rayserve (ms)', ['analysis runs', 'edit median', 'p95', 'hover median', 'completion median'], boundary);

    const op = await operatingPointLatency(ss, dir);
    printTable('operating point in the editor (ms; Ray Serve LLM on L4, a new rate per document)', ['step', 'median', 'p95', 'n'], [
      ['open → diagnostics (simulated, cold)', ms(op.cold.median), ms(op.cold.p95), String(op.cold.n)],
      ['edit an unrelated key → diagnostics (cached)', ms(op.cached.median), ms(op.cached.p95), String(op.cached.n)],
      ['hover target_ongoing_requests', ms(op.hover.median), ms(op.hover.p95), String(op.hover.n)],
    ]);

    const st = stats(starts);
    console.log(`\nserver start → initialize result: median ${ms(st.median)} ms, p95 ${ms(st.p95)} ms (n=${st.n})`);
    console.log(`bundles (production, minified): ${Object.entries(sizes).map(([k, v]) => `${k} ${(v / 1024).toFixed(0)} KiB`).join(', ')}`);
    console.log(`yaml-language-server ${ylsVersion()} schema check: ${ylsCheck}`);
    if (ratio) console.log(`large Ray Serve file, ServeScope vs yaml-language-server: ${ratio}`);

    await ss.stop();
    await y?.stop();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function printTable(title: string, head: string[], rows: string[][]): void {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  console.log(`\n${title}\n${line(head)}\n${w.map((n) => '-'.repeat(n)).join('  ')}`);
  for (const r of rows) console.log(line(r));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
