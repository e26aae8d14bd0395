/**
 * Real public configs from ../shared/corpus (see its README and PROVENANCE.tsv):
 * no error on a `valid` file, an error on the right line of every `invalid` file,
 * lookalikes not claimed, no error on `invalid-at-runtime` files, and no crash on any.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../server/src/core/analyze';

const ROOT = path.resolve(__dirname, '..', '..');
const CORPUS = process.env.SERVESCOPE_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'corpus');
const EXPECTED_LINES: Record<string, number[]> = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'corpus', 'expected-lines.json'), 'utf8'));

interface Row {
  folder: string;
  file: string;
  expected: string;
  why: string;
}

function rows(): Row[] {
  const out: Row[] = [];
  for (const folder of fs.readdirSync(CORPUS).sort()) {
    const tsv = path.join(CORPUS, folder, 'PROVENANCE.tsv');
    if (!fs.existsSync(tsv)) continue;
    const lines = fs.readFileSync(tsv, 'utf8').split('\n').filter(Boolean);
    const head = lines[0].split('\t');
    const fi = head.indexOf('file');
    const ei = head.indexOf('expected');
    const wi = head.indexOf('why_expected');
    for (const l of lines.slice(1)) {
      const c = l.split('\t');
      out.push({ folder, file: c[fi], expected: c[ei], why: c[wi] ?? '' });
    }
  }
  return out;
}

if (!fs.existsSync(CORPUS)) {
  test('shared corpus', { skip: `corpus not found at ${CORPUS}: the corpus checks did not run` }, () => undefined);
} else {
  describe('shared corpus', () => {
    const all = rows();
    test('the corpus has files of every format', () => {
      assert.ok(all.length >= 100, `only ${all.length} corpus rows`);
    });
    for (const r of all) {
      const rel = `${r.folder}/${r.file}`;
      test(`${r.expected}: ${rel}`, () => {
        const file = path.join(CORPUS, r.folder, r.file);
        const text = fs.readFileSync(file, 'utf8');
        const a = analyze({ uri: pathToFileURL(file).toString(), text });
        const errors = a.findings.filter((f) => f.severity === 'error');
        const show = () => errors.map((f) => `${a.lines.position(f.range.start).line + 1}: ${f.code} ${f.message}`).join('\n');
        switch (r.expected) {
          case 'valid':
          case 'invalid-at-runtime':
            assert.deepEqual(show(), '', `${rel} (${r.why}) must have no error`);
            break;
          case 'invalid': {
            assert.ok(a.detection.format, `${rel} must be recognised`);
            const lines = EXPECTED_LINES[rel];
            assert.ok(lines, `test/corpus/expected-lines.json has no line for ${rel}`);
            const hit = errors.some((f) => lines.includes(a.lines.position(f.range.start).line + 1));
            assert.ok(hit, `${rel} (${r.why}): expected an error on line ${lines.join(' or ')}; got:\n${show() || 'no errors'}`);
            break;
          }
          case 'not-this-format':
            assert.ok(!a.detection.format || errors.length === 0, `${rel} is a lookalike but was claimed as ${a.detection.format} with errors:\n${show()}`);
            break;
          default:
            // `unknown`: anything is acceptable except a crash or an internal error.
            break;
        }
        assert.ok(!a.findings.some((f) => f.code === 'servescope/internal-error'), a.findings.map((f) => f.message).join('\n'));
      });
    }
  });
}
