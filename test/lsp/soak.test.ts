/**
 * Soak: 2,000 incremental edits spread over open documents of every format, through
 * the real bundled server over stdio. Every publication must carry a version we sent,
 * never go back to an older version of its document, and match what the core
 * computes for that version's text; the server's resident memory must stay flat.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, ROOT, SERVER, type Published } from './harness';
import { analyze } from '../../server/src/core/analyze';
import { LineIndex } from '../../server/src/core/lines';

const EDITS = 2000;
const EX = path.join(ROOT, 'examples');

interface Doc {
  uri: string;
  languageId: string;
  original: string;
  text: string;
  version: number;
  /** Text of every version we sent. */
  versions: Map<number, string>;
  /** Edits must not touch the modeline on line 0: detection would change under us. */
  protectedUntil: number;
}

/** Seeded PRNG so a failure replays. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

const shape = (ds: Diagnostic[]) => ds.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`);

function expected(doc: Doc, text: string): string[] {
  const a = analyze({ uri: doc.uri, text, languageId: doc.languageId });
  return a.findings.map((f) => {
    const s = a.lines.position(f.range.start);
    const e = a.lines.position(f.range.end);
    return `${f.code} ${s.line}:${s.character}-${e.line}:${e.character}`;
  });
}

describe('soak: 2,000 edits over stdio', { timeout: 240_000, skip: process.platform !== 'linux' ? 'reads /proc for the server RSS' : false }, () => {
  let c: LspClient;
  const docs: Doc[] = [];
  const rand = rng(20261126);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const rss: { start: number; middle: number; end: number } = { start: 0, middle: 0, end: 0 };

  const mk = (uri: string, file: string, languageId = 'yaml', modeline = ''): Doc => {
    const original = modeline + fs.readFileSync(path.join(EX, file), 'utf8');
    return { uri, languageId, original, text: original, version: 1, versions: new Map([[1, original]]), protectedUntil: modeline.length };
  };

  /** Sends the one range edit that turns doc.text into `next`, as an editor would. */
  const edit = (doc: Doc, next: string) => {
    const old = doc.text;
    let p = 0;
    while (p < old.length && p < next.length && old[p] === next[p]) p++;
    let s = 0;
    while (s < old.length - p && s < next.length - p && old[old.length - 1 - s] === next[next.length - 1 - s]) s++;
    const lines = new LineIndex(old);
    const range = { start: lines.position(p), end: lines.position(old.length - s) };
    doc.version++;
    doc.text = next;
    doc.versions.set(doc.version, next);
    c.change(doc.uri, doc.version, [{ range, text: next.slice(p, next.length - s) }]);
  };

  /** Next text: small edits that create and fix errors, and now and then a revert. */
  const mutate = (doc: Doc): string => {
    const t = doc.text;
    const lo = doc.protectedUntil;
    const at = lo + Math.floor(rand() * (t.length - lo + 1));
    const roll = rand();
    if (roll < 0.2 || t.length > doc.original.length * 3) return doc.original;
    if (roll < 0.35) return t.slice(0, at) + pick(['x', ' ', ':', '-', '\n', '#', '9', '"', '{', 'a']) + t.slice(at);
    if (roll < 0.5) {
      const end = Math.min(t.length, at + 1 + Math.floor(rand() * 6));
      return t.slice(0, at) + t.slice(end);
    }
    if (roll < 0.65) {
      // A number out of range or of the wrong type: a schema error that a later edit fixes.
      const m = [...t.slice(lo).matchAll(/\b\d+(\.\d+)?\b/g)];
      if (!m.length) return t;
      const hit = pick(m);
      const i = lo + hit.index!;
      return t.slice(0, i) + pick(['-1', '0', '99999999', 'lots', '1.5']) + t.slice(i + hit[0].length);
    }
    if (roll < 0.8) {
      // A typo in a key: unknown-key with a did-you-mean.
      const m = [...t.slice(lo).matchAll(/^[ \t]*-?[ \t]*([a-z_][\w-]*)[ \t]*:/gm)];
      if (!m.length) return t;
      const hit = pick(m);
      const i = lo + hit.index! + hit[0].indexOf(hit[1]) + Math.floor(rand() * hit[1].length);
      return t.slice(0, i) + t.slice(i + 1);
    }
    if (roll < 0.9) return t.slice(0, at) + pick(['\nbogus_key: 1\n', '\n  - broken: [\n', '\n}\n', '\n\tindented: tab\n']) + t.slice(at);
    const ls = t.split('\n');
    const i = 1 + Math.floor(rand() * Math.max(1, ls.length - 1));
    ls.splice(i, 1);
    const out = ls.join('\n');
    return out.startsWith(t.slice(0, lo)) ? out : t;
  };

  /** Waits until every document's newest version has been published. */
  const quiesce = async () => {
    for (const d of docs) await c.diagnostics(d.uri, d.version, 60_000);
  };

  before(async () => {
    assert.ok(fs.existsSync(SERVER), 'dist/server.js must be built (npm run build)');
    c = new LspClient();
    c.settings = {};
    await c.initialize(null);
    docs.push(
      mk('file:///soak/serve-llama.yaml', 'vllm/llama-70b-tp3.yaml', 'yaml', '# servescope: vllm\n'),
      mk('file:///soak/qwen-long.yaml', 'vllm/qwen-32b-long-context.yaml', 'yaml', '# servescope: vllm\n'),
      mk('file:///soak/models/image_classifier/config.pbtxt', 'triton/model_repository/image_classifier/config.pbtxt', 'pbtxt'),
      mk('file:///soak/ray/serve_config.yaml', 'rayserve/serve_config.yaml', 'yaml', '# servescope: rayserve\n'),
      mk('file:///soak/ray/llm_app.yaml', 'rayserve/llm_app.yaml', 'yaml', '# servescope: rayserve\n'),
      mk('file:///soak/bento/bentofile.yaml', 'bentoml/bentofile.yaml'),
    );
    for (const d of docs) c.open(d.uri, d.text, d.languageId, 1);
    await quiesce();
    rss.start = rssKb(c.proc.pid!);
    for (let i = 0; i < EDITS; i++) {
      const d = pick(docs);
      const next = mutate(d);
      edit(d, next === d.text ? d.text + '\n' : next);
      // Mostly bursts (coalesced by the server), sometimes a pause long enough to publish.
      if (rand() < 0.25) await new Promise((r) => setTimeout(r, Math.floor(rand() * 8)));
      if (i === EDITS / 2 - 1) {
        await quiesce();
        rss.middle = rssKb(c.proc.pid!);
      }
    }
    await quiesce();
    rss.end = rssKb(c.proc.pid!);
  });

  after(async () => {
    await c?.stop();
  });

  test(`all ${EDITS} edits were sent and every document's final version was published`, () => {
    assert.equal(docs.reduce((n, d) => n + d.version - 1, 0), EDITS);
    for (const d of docs) assert.ok(c.published.some((p) => p.uri === d.uri && p.version === d.version), d.uri);
  });

  test('every publication carries a version we sent, and never an older one after a newer', () => {
    const last = new Map<string, number>();
    for (const p of c.published) {
      const d = docs.find((x) => x.uri === p.uri);
      assert.ok(d, `publication for a document we never opened: ${p.uri}`);
      assert.equal(typeof p.version, 'number', `${p.uri}: publication without a version`);
      assert.ok(d.versions.has(p.version!), `${p.uri}: version ${p.version} was never sent`);
      const prev = last.get(p.uri) ?? 0;
      assert.ok(p.version! >= prev, `${p.uri}: v${p.version} published after v${prev}`);
      last.set(p.uri, p.version!);
    }
  });

  test('the final diagnostics of every document match the core on that text', () => {
    for (const d of docs) {
      const p = [...c.published].reverse().find((x) => x.uri === d.uri && x.version === d.version)!;
      assert.equal(d.versions.get(d.version), d.text);
      assert.deepEqual(shape(p.diagnostics), expected(d, d.text), `${d.uri} v${d.version}`);
    }
  });

  test('intermediate publications match the core on the text of the version they name', () => {
    const mine = c.published.filter((p) => docs.some((d) => d.uri === p.uri));
    // Every publication when affordable; otherwise an even sample of at least 400.
    const step = Math.max(1, Math.floor(mine.length / 400));
    let checked = 0;
    let withErrors = 0;
    for (let i = 0; i < mine.length; i += step) {
      const p: Published = mine[i];
      const d = docs.find((x) => x.uri === p.uri)!;
      const want = expected(d, d.versions.get(p.version!)!);
      assert.deepEqual(shape(p.diagnostics), want, `${p.uri} v${p.version}`);
      if (p.diagnostics.some((x) => x.severity === 1)) withErrors++;
      checked++;
    }
    console.log(`[soak] ${mine.length} publications for ${EDITS} edits; ${checked} compared with the core (${withErrors} with errors)`);
    assert.ok(checked >= Math.min(100, mine.length), `only ${checked} publications checked`);
    assert.ok(withErrors > 0 && withErrors < checked, 'the edits should both create and fix errors');
  });

  test('server memory stays flat', () => {
    const mb = (kb: number) => (kb / 1024).toFixed(1);
    console.log(`[soak] server RSS start ${mb(rss.start)} MB, middle ${mb(rss.middle)} MB, end ${mb(rss.end)} MB`);
    assert.ok(rss.start > 0 && rss.middle > 0 && rss.end > 0);
    assert.ok(rss.end < 1.5 * rss.middle + 30 * 1024, `RSS grew from ${mb(rss.middle)} MB to ${mb(rss.end)} MB over the second 1,000 edits`);
  });
});
