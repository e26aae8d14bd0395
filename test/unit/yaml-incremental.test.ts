/**
 * The incremental YAML parse (editor path) must give exactly the findings of a full
 * parse (CLI path). Random edit sequences are applied to the example files, the
 * shared corpus and a generated large Ray Serve config, keeping one parse cache per
 * document as the language server does; after every edit both paths are compared.
 * Seeded: a failure prints the seed and the shrunk edit list to replay it. The full path
 * also forgets what is kept per Ray Serve application (the schema walks' hits in
 * rules/schema/annotations.ts, the plan fragments in frameworks/rayserve/perApplication.ts),
 * so reusing an untouched application's results is checked against computing them all,
 * for the plan as well as the findings.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { analyze } from '../../server/src/core/analyze';
import type { Analysis } from '../../server/src/core/analysis';
import { createYamlParseCache, type YamlParseCache } from '../../server/src/core/parse/yamlIncremental';
import { parseYaml } from '../../server/src/core/parse/yaml';
import { largeRayServe } from '../../scripts/bench-inputs';
import { slow } from './slow';
import { forgetApplicationHits } from '../../server/src/core/rules/schema/annotations';
import { forgetApplicationPlans } from '../../server/src/core/frameworks/rayserve/perApplication';

const ROOT = path.resolve(__dirname, '..', '..');
const CORPUS = process.env.SERVESCOPE_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'corpus');
// SERVESCOPE_FC_SEED / SERVESCOPE_FC_RUNS replay a failure or search harder.
const SEED = Number(process.env.SERVESCOPE_FC_SEED) || 20261126;
const RUNS = Number(process.env.SERVESCOPE_FC_RUNS) || 400;

interface Doc {
  name: string;
  uri: string;
  text: string;
}

function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

const docs: Doc[] = [...yamlFiles(path.join(ROOT, 'examples')), ...yamlFiles(CORPUS)].map((f) => ({
  name: path.relative(path.resolve(ROOT, '..'), f),
  uri: pathToFileURL(f).href,
  text: fs.readFileSync(f, 'utf8'),
}));

/** What a user sees of a finding. */
const seen = (a: Analysis) => a.findings.map((f) => ({ code: f.code, severity: f.severity, range: f.range, message: f.message }));

/** Edits that hit the places cutting cares about: line starts, indentation, dashes, quotes, flow brackets, comments. */
type Edit = { at: number; del: number; ins: string } | { line: number; op: 'dup' | 'drop' | 'indent' | 'dedent' | 'dash' };

const pieces = fc.constantFrom(
  ' ', '  ', '\n', '\n\n', ':', ': ', '- ', '\n- ', '\n  - ', '#', ' # c', '"', "'", '[', ']', '{', '}', ',', 'x', 'key: 1',
  '\nnew_key: 2\n', '\n  nested: true', '|', '>', '&a ', '*a', '<<: ', '!!str ', '\t', '---\n', '%YAML 1.1\n', '1', '-1', 'null', '"a # b"', '\r\n', '…',
);
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ at: fc.nat(), del: fc.nat({ max: 12 }), ins: fc.array(pieces, { maxLength: 3 }).map((a) => a.join('')) }) },
  { weight: 2, arbitrary: fc.record({ line: fc.nat(), op: fc.constantFrom('dup', 'drop', 'indent', 'dedent', 'dash') as fc.Arbitrary<'dup' | 'drop' | 'indent' | 'dedent' | 'dash'> }) },
);

function apply(text: string, e: Edit): string {
  if ('at' in e) {
    const at = e.at % (text.length + 1);
    return text.slice(0, at) + e.ins + text.slice(Math.min(text.length, at + e.del));
  }
  const lines = text.split('\n');
  const i = e.line % lines.length;
  switch (e.op) {
    case 'dup':
      lines.splice(i, 0, lines[i]);
      break;
    case 'drop':
      lines.splice(i, 1);
      break;
    case 'indent':
      lines[i] = '  ' + lines[i];
      break;
    case 'dedent':
      lines[i] = lines[i].replace(/^ {1,2}/, '');
      break;
    case 'dash':
      lines[i] = lines[i].replace(/^( *)/, '$1- ');
      break;
  }
  return lines.join('\n');
}

/** Runs the edit sequence through both paths; returns how many analyses took the incremental path. */
function check(doc: Doc, edits: Edit[], cache: YamlParseCache): number {
  let text = doc.text;
  let incremental = 0;
  for (let i = 0; i <= edits.length; i++) {
    if (i > 0) text = apply(text, edits[i - 1]);
    const inc = analyze({ uri: doc.uri, text, parseCache: cache });
    if (cache.stats.incremental) incremental++;
    forgetApplicationHits();
    forgetApplicationPlans();
    const full = analyze({ uri: doc.uri, text });
    assert.deepEqual(seen(inc), seen(full), `findings differ on ${doc.name} after ${i} edit(s)`);
    assert.deepEqual(inc.plan, full.plan, `plans differ on ${doc.name} after ${i} edit(s)`);
    // Stronger than the findings: the tree itself (every range, value and comment) is the same.
    if (cache.stats.incremental) {
      const t = parseYaml(text);
      assert.deepEqual({ roots: inc.tree.roots, comments: inc.tree.comments, errors: inc.tree.errors }, { roots: t.roots, comments: t.comments, errors: t.errors }, `tree differs on ${doc.name} after ${i} edit(s)`);
    }
  }
  return incremental;
}

describe('incremental YAML parse gives the findings of a full parse', () => {
  test('has documents to edit', () => {
    assert.ok(docs.length >= 7, `only ${docs.length} YAML documents found`);
  });

  test('random edit sequences on example and corpus files', { skip: slow }, () => {
    let runs = 0;
    let incremental = 0;
    fc.assert(
      fc.property(fc.nat({ max: docs.length - 1 }), fc.array(editArb, { minLength: 1, maxLength: 6 }), (d, edits) => {
        // minChars 0: cut even the small files, so their shapes exercise the cutter.
        const cache = createYamlParseCache({ minChars: 0 });
        incremental += check(docs[d], edits, cache);
        runs += edits.length + 1;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The property means nothing if every analysis fell back to the full parse.
    assert.ok(incremental > runs * 0.25, `only ${incremental} of ${runs} analyses took the incremental path`);
  });

  test('random edit sequences on a generated large Ray Serve config', { skip: slow }, () => {
    // Every seventh deployment spells max_ongoing_requests the deprecated way, so the lifecycle walk has hits to reuse.
    let n = 0;
    const text = largeRayServe(40, 3).replace(/max_ongoing_requests/g, (k) => (n++ % 7 === 0 ? 'max_concurrent_queries' : k));
    const doc: Doc = { name: 'generated serve_config.yaml (40 apps, some deprecated keys)', uri: 'file:///bench/serve_config.yaml', text };
    let incremental = 0;
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 1, maxLength: 5 }), (edits) => {
        incremental += check(doc, edits, createYamlParseCache());
      }),
      { seed: SEED, numRuns: Math.max(25, Math.round(RUNS / 16)) },
    );
    assert.ok(incremental > 25, `only ${incremental} analyses took the incremental path`);
  });

  test('the full-size generated file (300 applications × 3 deployments): edits re-parse one block', () => {
    const text = largeRayServe();
    const cache = createYamlParseCache();
    const doc: Doc = { name: 'generated serve_config.yaml (300 apps)', uri: 'file:///bench/serve_config.yaml', text };
    const mid = text.indexOf('max_replicas: 5', text.length / 2);
    const edits: Edit[] = [
      { at: mid + 'max_replicas: '.length, del: 1, ins: '50' },
      { at: mid + 'max_replicas: '.length, del: 2, ins: '2' },
    ];
    check(doc, edits, cache);
    assert.equal(cache.stats.incremental, true);
    assert.equal(cache.stats.reparsed, 1, 'an edit inside one deployment re-parses only its application');
  });
});
