/**
 * The fuzzer's engine: deterministic input generation (seed, format, index → text)
 * and the well-formedness oracle run on each input. Imported by scripts/fuzz.ts for
 * minimisation and reporting, and run as a worker thread by it for throughput; the
 * worker part only starts when this file is a worker's entry point.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { analyze } from '../server/src/core/analyze';
import type { Analysis } from '../server/src/core/analysis';
import { fixesFor } from '../server/src/core/editing/fixes';
import { main as cliMain } from '../server/src/cli';
import type { FormatId } from '../server/src/core/types';

export const ROOT = path.resolve(__dirname, '..');
export const FORMATS: FormatId[] = ['vllm', 'triton', 'rayserve', 'bentoml'];
/** A run slower than this is a failure (after re-runs rule out a load spike). */
export const SLOW_MS = 1000;

// ---------------------------------------------------------------------------
// Base files

export interface BaseFile {
  /** Path shown in reports: repo-relative for examples, corpus-relative for the corpus. */
  label: string;
  /** File name kept for detection (`bentofile.yaml`, `config.pbtxt`, ...). */
  name: string;
  text: string;
}

const CORPUS_FOLDERS: Record<FormatId, string[]> = {
  vllm: ['vllm', 'vllm-helm'],
  triton: ['triton'],
  rayserve: ['rayserve', 'rayserve-llm'],
  bentoml: ['bentoml'],
};

/** Manifests, Helm values and compose files that carry each format, from the k8s fixtures. */
const HOST_FILES: Partial<Record<FormatId, RegExp>> = {
  vllm: /^(deployment|helm-values|compose|llmisvc|llmd-values|dynamo|replicas-sla|compilation-level)/,
  rayserve: /^(rayservice|rayjob)/,
  triton: /^triton-args/,
};

export function corpusDir(): string {
  return process.env.SERVESCOPE_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'corpus');
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else if (/\.(ya?ml|pbtxt)$/i.test(e.name)) out.push(p);
  }
  return out;
}

/** Example and corpus files of one format, in a stable order (the seed's meaning depends on it). */
export function baseFiles(format: FormatId): BaseFile[] {
  const out: BaseFile[] = [];
  for (const p of listFiles(path.join(ROOT, 'examples', format))) out.push({ label: path.relative(ROOT, p), name: path.basename(p), text: fs.readFileSync(p, 'utf8') });
  const hosts = HOST_FILES[format];
  for (const p of listFiles(path.join(ROOT, 'test', 'fixtures', 'k8s'))) if (hosts?.test(path.basename(p))) out.push({ label: path.relative(ROOT, p), name: path.basename(p), text: fs.readFileSync(p, 'utf8') });
  const corpus = corpusDir();
  for (const folder of CORPUS_FOLDERS[format])
    for (const p of listFiles(path.join(corpus, folder))) out.push({ label: `corpus/${path.relative(corpus, p)}`, name: path.basename(p), text: fs.readFileSync(p, 'utf8') });
  return out;
}

// ---------------------------------------------------------------------------
// Seeded randomness

/** 32-bit string hash (FNV-1a), for deriving per-input seeds. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Small fast PRNG (mulberry32); the fuzzer needs speed and determinism, not quality. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Sizes skewed towards small, with a long tail. */
  size(max: number): number {
    return Math.floor(Math.pow(this.next(), 3) * max);
  }
}

// ---------------------------------------------------------------------------
// Mutators: text → text. Each one aims at a way parsers and rules break.

type Mutator = (text: string, r: Rng, ctx: GenContext) => string;

interface GenContext {
  format: FormatId;
  pbtxt: boolean;
  others: BaseFile[];
}

const lines = (t: string) => t.split('\n');
const at = (t: string, r: Rng) => r.int(t.length + 1);
const insert = (t: string, i: number, s: string) => t.slice(0, i) + s + t.slice(i);

/** Characters that trip offset arithmetic, line splitting and JSON output. */
const NASTY = [
  '\u0000', '\uD800', '\uDFFF', '\uDBFF\uDC00', '\u202E', '\u200F', '\u202B', '\uFEFF', '\u2028', '\u2029', '\u0085', '\t', '\f', '\v',
  '\r', '\u0301', '\u200D', '\uFFFD', '\uFFFF', '😀', '👩‍👩‍👧', '\u0007', '\u001B[31m', '\\', '"', "'", '`', '${x}', '%', '&', '*', '!', '|', '>', '?', '@',
];

const YAML_SPECIALS = [
  '~', 'null', 'Null', 'yes', 'no', 'on', 'off', 'Y', 'N', '0o17', '0777', '0x1F', '1_000', '0b101', '.inf', '-.inf', '.nan', '1e999', '-1e999', '1e-400',
  '9007199254740993', '-0', '0', '-1', '1.7976931348623157e308', '99999999999999999999999999', '"', "'", '!!binary aGVsbG8=', '!!python/object:os.system',
  '!!str 1', '!!int x', '!!float', '!!map', '!!seq', '!custom tag', '|', '>-', '|+\n  a\n\n', '? k', '<<: *a', '[', ']', '{', '}', '{a: [b, {c: d}]}', '[1, 2,, 3]',
  '&a x', '*a', '*undefined', '"\\x00\\uD800"', "'''", '2001-12-14t21:59:43.10-05:00', '=', '- ', ': ', '#', '"${HF_TOKEN}"', '<YOUR_TOKEN>',
];

const PBTXT_SPECIALS = [
  '{', '}', '[', ']', '<', '>', ':', ',', ';', '"', "'", '"\\x', '"\\777"', '"\\u12"', '-', '-1', '0', '1e999', 'inf', '-inf', 'nan', '0x7fffffffffffffffff',
  '99999999999999999999999999', 'TYPE_FP32', 'KIND_GPU', 'true', 'false', 'input [ {} ]', 'output { }', 'dims: [ ]', 'dims: [ -1, -1 ]', '# comment', '${PLACEHOLDER}',
  'instance_group [ { count: 0 kind: KIND_GPU gpus: [ 99 ] } ]', 'ensemble_scheduling { step [ { model_name: "x" model_version: -1 } ] }',
];

function randomUnicode(r: Rng): string {
  // fast-check's binary unit gives any code point; the NASTY list adds lone
  // surrogates and control characters it never produces.
  const s = fc.sample(fc.string({ unit: r.chance(0.5) ? 'binary' : 'grapheme', maxLength: 12 }), { seed: r.int(2 ** 31), numRuns: 1 })[0] ?? '';
  let out = s;
  for (let i = r.int(3); i > 0; i--) out = insert(out, r.int(out.length + 1), r.pick(NASTY));
  return out;
}

function randomJsonFlow(r: Rng): string {
  const v = fc.sample(fc.jsonValue({ maxDepth: r.int(4) }), { seed: r.int(2 ** 31), numRuns: 1 })[0];
  return JSON.stringify(v) ?? 'null';
}

/** Byte positions of scalar-looking values (after `: ` in YAML/pbtxt), for value replacement. */
function valueSpans(t: string): [number, number][] {
  const out: [number, number][] = [];
  const re = /:[ \t]+([^\n#{}[\]]*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t)) && out.length < 500) if (m[1].trim()) out.push([m.index + m[0].length - m[1].length, m.index + m[0].length]);
  return out;
}

function numberSpans(t: string): [number, number][] {
  const out: [number, number][] = [];
  const re = /-?\b\d+(\.\d+)?([eE][-+]?\d+)?\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t)) && out.length < 500) out.push([m.index, m.index + m[0].length]);
  return out;
}

function replaceSpan(t: string, spans: [number, number][], r: Rng, by: string): string {
  if (!spans.length) return insert(t, at(t, r), by);
  const [s, e] = r.pick(spans);
  return t.slice(0, s) + by + t.slice(e);
}

const MUTATORS: Record<string, Mutator> = {
  byteFlip(t, r) {
    const b = Buffer.from(t, 'utf8');
    if (!b.length) return t;
    for (let i = r.range(1, 8); i > 0; i--) b[r.int(b.length)] ^= 1 << r.int(8);
    return b.toString(r.chance(0.9) ? 'utf8' : 'latin1');
  },
  charFlip(t, r) {
    let out = t;
    for (let i = r.range(1, 6); i > 0 && out.length; i--) {
      const p = r.int(out.length);
      out = out.slice(0, p) + String.fromCharCode(out.charCodeAt(p) ^ (1 << r.int(16))) + out.slice(p + 1);
    }
    return out;
  },
  truncate(t, r) {
    return t.slice(0, at(t, r));
  },
  cutMiddle(t, r) {
    const a = at(t, r);
    return t.slice(0, a) + t.slice(a + r.size(200));
  },
  tokenShuffle(t, r) {
    const toks = t.split(/(\s+|[:,[\]{}"'#<>-])/);
    for (let i = r.range(1, 6); i > 0 && toks.length > 1; i--) {
      const a = r.int(toks.length);
      const b = r.int(toks.length);
      [toks[a], toks[b]] = [toks[b], toks[a]];
    }
    return toks.join('');
  },
  lineShuffle(t, r) {
    const ls = lines(t);
    for (let i = r.range(1, 5); i > 0; i--) {
      const a = r.int(ls.length);
      const b = r.int(ls.length);
      [ls[a], ls[b]] = [ls[b], ls[a]];
    }
    return ls.join('\n');
  },
  lineDuplicate(t, r) {
    const ls = lines(t);
    const i = r.int(ls.length);
    const n = r.chance(0.9) ? r.range(1, 3) : r.range(10, 2000);
    const block = ls.slice(i, i + r.range(1, 4));
    ls.splice(i, 0, ...Array.from({ length: n }, () => block).flat());
    return ls.join('\n');
  },
  lineDelete(t, r) {
    const ls = lines(t);
    ls.splice(r.int(ls.length), r.range(1, 4));
    return ls.join('\n');
  },
  deepNesting(t, r, ctx) {
    const n = r.chance(0.7) ? r.range(50, 400) : r.range(1000, 6000);
    const kind = r.int(5);
    let s: string;
    if (ctx.pbtxt) s = kind < 2 ? `a { `.repeat(n) + '}'.repeat(r.chance(0.8) ? n : r.int(n)) : kind < 4 ? 'x: ' + '['.repeat(n) + ']'.repeat(n) : 'a < '.repeat(n);
    else if (kind === 0) s = 'deep: ' + '['.repeat(n) + ']'.repeat(r.chance(0.8) ? n : r.int(n));
    else if (kind === 1) s = 'deep: ' + '{a: '.repeat(n) + '1' + '}'.repeat(n);
    // Block nesting costs n² characters: 600 levels is already 3× the depth cap.
    else if (kind === 2) s = Array.from({ length: Math.min(n, 600) }, (_, i) => ' '.repeat(i) + 'a:').join('\n') + ' 1';
    else if (kind === 3) s = Array.from({ length: Math.min(n, 600) }, (_, i) => ' '.repeat(i * 2) + '- ').join('\n') + 'x';
    else s = 'deep: ' + '- '.repeat(Math.min(n, 2000)) + 'x';
    const ls = lines(t);
    ls.splice(r.int(ls.length + 1), 0, s);
    return ls.join('\n');
  },
  hugeScalar(t, r, ctx) {
    const n = r.chance(0.9) ? r.range(1000, 50_000) : r.range(100_000, 400_000);
    const kind = r.int(4);
    const body = kind === 0 ? 'x'.repeat(n) : kind === 1 ? '9'.repeat(Math.min(n, 5000)) : kind === 2 ? randomUnicode(r).repeat(Math.ceil(n / 20)) : 'ab '.repeat(n / 3);
    const v = ctx.pbtxt || r.chance(0.5) ? JSON.stringify(body) : body;
    return replaceSpan(t, valueSpans(t), r, v);
  },
  aliasBomb(t, r, ctx) {
    if (ctx.pbtxt) return insert(t, at(t, r), '&a *a');
    const kind = r.int(4);
    let bomb: string;
    if (kind === 0) {
      const levels = r.range(4, 12);
      const ls = ['lol0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (let i = 1; i < levels; i++) ls.push(`lol${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(',')}]`);
      bomb = ls.join('\n');
    } else if (kind === 1) bomb = 'base: &b\n  k: v\nm:\n  <<: [*b, *b, *b]\n  self: &s\n    <<: *s';
    else if (kind === 2) bomb = 'r: &r [*r]\nq: *nowhere';
    else {
      // Anchor an existing value and refer to it many times.
      const spans = valueSpans(t);
      if (!spans.length) return t;
      const [s, e] = r.pick(spans);
      const anchored = t.slice(0, s) + '&x ' + t.slice(s, e) + t.slice(e);
      return anchored + '\n' + Array.from({ length: r.range(1, 3000) }, (_, i) => `k${i}: *x`).join('\n');
    }
    return r.chance(0.5) ? bomb + '\n' + t : t + '\n' + bomb;
  },
  unicode(t, r) {
    let out = t;
    for (let i = r.range(1, 4); i > 0; i--) out = insert(out, at(out, r), randomUnicode(r));
    if (r.chance(0.1)) out = '\uFEFF' + out;
    return out;
  },
  newlines(t, r) {
    const mode = r.int(4);
    if (mode === 0) return t.replace(/\n/g, '\r\n');
    if (mode === 1) return t.replace(/\n/g, '\r');
    if (mode === 2) return t.replace(/\n/g, () => r.pick(['\n', '\r\n', '\r', '\u2028', '\r\r\n']));
    return t.replace(/\r?\n/g, () => (r.chance(0.5) ? '\r\n' : '\n'));
  },
  indentation(t, r) {
    const ls = lines(t);
    const mode = r.int(4);
    const from = r.int(ls.length);
    const to = Math.min(ls.length, from + r.range(1, 20));
    for (let i = from; i < to; i++) {
      if (mode === 0) ls[i] = ' '.repeat(r.range(1, 4)) + ls[i];
      else if (mode === 1) ls[i] = ls[i].replace(/^ {1,3}/, '');
      else if (mode === 2) ls[i] = ls[i].replace(/^( {2})+/, (m) => '\t'.repeat(m.length / 2));
      else ls[i] = ls[i].trimStart();
    }
    return ls.join('\n');
  },
  valueSwap(t, r, ctx) {
    const by = r.chance(0.4) ? randomJsonFlow(r) : r.pick(ctx.pbtxt ? PBTXT_SPECIALS : YAML_SPECIALS);
    return replaceSpan(t, valueSpans(t), r, by);
  },
  numberEdge(t, r) {
    const by = r.pick(['0', '-1', '-0', '1e308', '1e-320', '4294967297', '9007199254740993', '0.0000001', '65536', '1000000000', '1.5', '-2147483649', '1e999', '.nan', 'NaN', 'Infinity']);
    return replaceSpan(t, numberSpans(t), r, by);
  },
  insertSpecial(t, r, ctx) {
    return insert(t, at(t, r), r.pick(ctx.pbtxt ? PBTXT_SPECIALS : YAML_SPECIALS));
  },
  keyTypo(t, r) {
    // [ \t], not \s: \s also eats newlines, and over a run of blank lines the two optional
    // runs around `-?` backtrack cubically (a 4 KB input held a fuzz worker for minutes).
    const keys = [...t.matchAll(/^[ \t]*-?[ \t]*([A-Za-z_][\w.-]*)[ \t]*:/gm)];
    if (!keys.length) return t;
    const m = r.pick(keys);
    const k = m[1];
    const start = m.index! + m[0].indexOf(k);
    const p = r.int(k.length);
    const typo = r.chance(0.5) ? k.slice(0, p) + k.slice(p + 1) : k.slice(0, p) + r.pick(['-', '_', 'x', '.', '']) + k.slice(p);
    return t.slice(0, start) + typo + t.slice(start + k.length);
  },
  spliceOther(t, r, ctx) {
    if (!ctx.others.length) return t;
    const o = lines(r.pick(ctx.others).text);
    const a = r.int(o.length);
    const ls = lines(t);
    ls.splice(r.int(ls.length + 1), 0, ...o.slice(a, a + r.range(1, 15)));
    return ls.join('\n');
  },
  documents(t, r, ctx) {
    if (ctx.pbtxt) return insert(t, at(t, r), r.pick(['}', '{', ']', '[', '"', '#']));
    const ls = lines(t);
    ls.splice(r.int(ls.length + 1), 0, r.pick(['---', '...', '%YAML 1.1', '%TAG ! tag:x,2000:', '--- |', '--- !!map', '---\n---', '%YAML 9.9\n---']));
    return ls.join('\n');
  },
};

export const MUTATOR_NAMES = Object.keys(MUTATORS);

// ---------------------------------------------------------------------------
// Inputs

export interface FuzzInput {
  format: FormatId;
  index: number;
  base: string;
  /** File name the analysis sees (drives detection). */
  name: string;
  languageId: string;
  mutations: string[];
  text: string;
}

/** The input for (seed, format, index): a pure function, so any input can be regenerated. */
export function generate(seed: number, format: FormatId, index: number, bases: Record<FormatId, BaseFile[]>): FuzzInput {
  const r = new Rng(hash32(`${seed}/${format}/${index}`));
  const pool = bases[format];
  const others = FORMATS.filter((f) => f !== format).flatMap((f) => bases[f]);
  const base = pool.length ? r.pick(pool) : { label: '(empty)', name: format === 'triton' ? 'config.pbtxt' : 'config.yaml', text: '' };
  let name = base.name;
  // Sometimes the name doesn't give the format away, or asks the other parser.
  const nameRoll = r.next();
  if (nameRoll < 0.08) name = 'config.yaml';
  else if (nameRoll < 0.1) name = format === 'triton' ? 'config.yaml' : 'config.pbtxt';
  const pbtxt = /\.pbtxt$/i.test(name);
  const ctx: GenContext = { format, pbtxt, others };
  let text = base.text;
  const mutations: string[] = [];
  for (let n = r.chance(0.6) ? 1 : r.range(2, 5); n > 0; n--) {
    const m = r.pick(MUTATOR_NAMES);
    mutations.push(m);
    text = MUTATORS[m](text, r, ctx);
  }
  // Force the format through the modeline (usually the right one, sometimes another).
  const ml = r.next();
  if (ml < 0.2) {
    const f = r.chance(0.75) ? format : r.pick([...FORMATS, 'off', 'bogus gpu=H100 count=x']);
    text = `# servescope: ${f}\n${text}`;
    mutations.push(`modeline:${f}`);
  }
  if (text.length > 6_000_000) text = text.slice(0, 6_000_000);
  return { format, index, base: base.label, name, languageId: pbtxt ? 'pbtxt' : 'yaml', mutations, text };
}

export function uriFor(name: string): string {
  return pathToFileURL(path.join(os.tmpdir(), 'servescope-fuzz', name)).toString();
}

// ---------------------------------------------------------------------------
// The oracle

export interface Problem {
  kind: 'exception' | 'ill-formed' | 'internal-error' | 'slow' | 'cli' | 'hang';
  detail: string;
}

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint']);

function checkRange(r: unknown, len: number, what: string, out: string[]): void {
  const rr = r as { start?: unknown; end?: unknown } | undefined;
  if (!rr || typeof rr.start !== 'number' || typeof rr.end !== 'number' || !Number.isInteger(rr.start) || !Number.isInteger(rr.end)) out.push(`${what}: range is not two integers (${JSON.stringify(rr)})`);
  else if (rr.start < 0 || rr.end > len || rr.start > rr.end) out.push(`${what}: range [${rr.start}, ${rr.end}) outside [0, ${len}] or reversed`);
}

/** Every number reachable from `v` must be finite; returns the paths that are not. */
function nonFinite(v: unknown, p: string, out: string[], seen = new Set<unknown>()): void {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) out.push(`${p} = ${v}`);
    return;
  }
  if (!v || typeof v !== 'object' || seen.has(v)) return;
  seen.add(v);
  if (Array.isArray(v)) v.forEach((x, i) => nonFinite(x, `${p}[${i}]`, out, seen));
  else for (const [k, x] of Object.entries(v)) nonFinite(x, `${p}.${k}`, out, seen);
}

/** Problems with one analysis result (empty when well-formed). */
export function wellFormed(a: Analysis, text: string): string[] {
  const out: string[] = [];
  if (!a || !Array.isArray(a.findings)) return ['analysis has no findings array'];
  const len = text.length;
  a.findings.forEach((f, i) => {
    const w = `finding ${i} (${f?.code})`;
    if (typeof f.code !== 'string' || !f.code) out.push(`${w}: no code`);
    if (!SEVERITIES.has(f.severity)) out.push(`${w}: severity ${JSON.stringify(f.severity)}`);
    if (typeof f.message !== 'string' || !f.message.trim()) out.push(`${w}: empty message`);
    checkRange(f.range, len, w, out);
    for (const [j, rel] of (f.related ?? []).entries()) checkRange(rel.range, len, `${w} related ${j}`, out);
    try {
      for (const fix of fixesFor(f, a)) {
        if (typeof fix.title !== 'string' || !fix.title) out.push(`${w}: fix without title`);
        for (const e of fix.edits) {
          checkRange(e.range, len, `${w} fix "${fix.title}"`, out);
          if (typeof e.newText !== 'string') out.push(`${w} fix "${fix.title}": newText is not a string`);
        }
      }
    } catch (err) {
      out.push(`${w}: fixesFor threw ${err instanceof Error ? err.stack : err}`);
    }
  });
  for (const [i, e] of (a.estimates ?? []).entries()) {
    const bad: string[] = [];
    nonFinite(e.estimate, `estimates[${i}].estimate`, bad);
    out.push(...bad.map((b) => `non-finite estimate ${b}`));
  }
  try {
    JSON.stringify({ findings: a.findings, estimates: a.estimates, detection: a.detection });
  } catch (err) {
    out.push(`JSON.stringify failed: ${err instanceof Error ? err.message : err}`);
  }
  return out;
}

export interface Outcome {
  ms: number;
  problems: Problem[];
}

/**
 * Runs analyze() on one input and judges the result. A run over SLOW_MS is re-run
 * `retries` times and judged on its fastest run, so a load spike is not a failure.
 */
export function runOne(inp: Pick<FuzzInput, 'name' | 'languageId' | 'text'>, retries = 2): Outcome {
  const uri = uriFor(inp.name);
  let a: Analysis;
  let t0 = performance.now();
  try {
    a = analyze({ uri, text: inp.text, languageId: inp.languageId });
  } catch (err) {
    return { ms: performance.now() - t0, problems: [{ kind: 'exception', detail: err instanceof Error ? `${err.message}\n${err.stack}` : String(err) }] };
  }
  let ms = performance.now() - t0;
  for (let i = 0; i < retries && ms > SLOW_MS; i++) {
    t0 = performance.now();
    analyze({ uri, text: inp.text, languageId: inp.languageId });
    ms = Math.min(ms, performance.now() - t0);
  }
  const problems: Problem[] = wellFormed(a, inp.text).map((detail) => ({ kind: 'ill-formed' as const, detail }));
  for (const f of a.findings) if (f.code === 'servescope/internal-error') problems.push({ kind: 'internal-error', detail: f.message });
  if (ms > SLOW_MS) problems.push({ kind: 'slow', detail: `analyze took ${ms.toFixed(0)} ms (> ${SLOW_MS} ms)` });
  return { ms, problems };
}

/** Runs the CLI in-process on the input written to a temp file; JSON must parse, exit 0 or 1. */
export function runCli(inp: Pick<FuzzInput, 'name' | 'text'>, dir: string): Problem[] {
  const file = path.join(dir, inp.name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, inp.text, 'utf8');
  let stdout = '';
  let stderr = '';
  let code: number;
  try {
    // `check` never touches the network, so its exit code comes back synchronously.
    code = cliMain(['check', '--format', 'json', file], (s) => (stdout += s + '\n'), (s) => (stderr += s + '\n')) as number;
  } catch (err) {
    return [{ kind: 'cli', detail: `main() threw: ${err instanceof Error ? err.stack : err}` }];
  }
  fs.rmSync(file, { force: true });
  const out: Problem[] = [];
  if (code !== 0 && code !== 1) out.push({ kind: 'cli', detail: `exit code ${code}; stderr: ${stderr.slice(0, 500)}` });
  try {
    const j = JSON.parse(stdout) as { files?: unknown[] };
    if (!Array.isArray(j.files) || j.files.length !== 1) out.push({ kind: 'cli', detail: 'JSON output has no single files[] entry' });
  } catch (err) {
    out.push({ kind: 'cli', detail: `output is not JSON (${err instanceof Error ? err.message : err}): ${stdout.slice(0, 200)}` });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Worker protocol

export interface WorkerJob {
  seed: number;
  formats: FormatId[];
  count: number;
  /** This worker takes indices i with i % stride === offset. */
  offset: number;
  stride: number;
  deadline: number;
  cliEvery: number;
}

export type WorkerMsg =
  | { type: 'start'; format: FormatId; index: number }
  | { type: 'done'; format: FormatId; index: number; ms: number; size: number; problems: Problem[]; cli: boolean }
  | { type: 'finished' };

if (!isMainThread && parentPort && (workerData as { fuzzWorker?: boolean })?.fuzzWorker) {
  const job = (workerData as { job: WorkerJob }).job;
  const port = parentPort;
  const bases = Object.fromEntries(FORMATS.map((f) => [f, baseFiles(f)])) as Record<FormatId, BaseFile[]>;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'servescope-fuzz-'));
  // Warm up (schema compilation, JIT) so the first input of a format isn't timed cold.
  for (const f of job.formats) for (const b of bases[f].slice(0, 3)) runOne({ name: b.name, languageId: /\.pbtxt$/i.test(b.name) ? 'pbtxt' : 'yaml', text: b.text }, 0);
  // Interleave formats so a time cap cuts every format roughly evenly.
  outer: for (let i = job.offset; i < job.count; i += job.stride) {
    for (const format of job.formats) {
      if (Date.now() > job.deadline) break outer;
      port.postMessage({ type: 'start', format, index: i } satisfies WorkerMsg);
      const inp = generate(job.seed, format, i, bases);
      // Slow runs are confirmed by the main thread once the workers stop competing for the CPU.
      const o = runOne(inp, 0);
      const cli = job.cliEvery > 0 && i % job.cliEvery === 0;
      if (cli) o.problems.push(...runCli(inp, tmp));
      port.postMessage({ type: 'done', format, index: i, ms: o.ms, size: inp.text.length, problems: o.problems, cli } satisfies WorkerMsg);
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  port.postMessage({ type: 'finished' } satisfies WorkerMsg);
}
