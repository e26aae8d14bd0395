/**
 * Real public configs from ../shared/corpus (see its README and PROVENANCE.tsv):
 * no error on a `valid` file, an error on the right line of every `invalid` file,
 * lookalikes not claimed, no error on `invalid-at-runtime` files, and no crash on any.
 *
 * Then this project's own corpus, test/corpus/<format>/ (PROVENANCE.tsv with an extra
 * `expect_code` column). Stricter, so that a schema falling behind its framework fails
 * here: a `valid` file must have neither an error nor an unknown-key finding (Ray Serve
 * reports unknown keys as warnings only) unless `expect_code` names that code, and an
 * `invalid` file must get an error with the `expect_code` code. test/corpus/k8s holds whole
 * manifests, Helm values and compose files: a `valid` one must be recognised like any other
 * valid file, and `unknown` marks real files whose fate the file alone can't tell.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../server/src/core/analyze';
import { DISK_HOST } from '../../server/src/diskHost';

const ROOT = path.resolve(__dirname, '..', '..');
const CORPUS = process.env.SERVESCOPE_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'corpus');
const EXPECTED_LINES: Record<string, number[]> = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'corpus', 'expected-lines.json'), 'utf8'));

interface Row {
  folder: string;
  file: string;
  expected: string;
  why: string;
  /** Own corpus only: the finding code the file must (invalid) or may (valid) have. */
  code?: string;
}

function rows(root = CORPUS): Row[] {
  const out: Row[] = [];
  for (const folder of fs.readdirSync(root).sort()) {
    const tsv = path.join(root, folder, 'PROVENANCE.tsv');
    if (!fs.existsSync(tsv)) continue;
    const lines = fs.readFileSync(tsv, 'utf8').split('\n').filter(Boolean);
    const head = lines[0].split('\t');
    const fi = head.indexOf('file');
    const ei = head.indexOf('expected');
    const wi = head.indexOf('why_expected');
    const ci = head.indexOf('expect_code');
    for (const l of lines.slice(1)) {
      const c = l.split('\t');
      out.push({ folder, file: c[fi], expected: c[ei], why: c[wi] ?? '', code: ci >= 0 && c[ci] ? c[ci] : undefined });
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
        const a = analyze({ uri: pathToFileURL(file).toString(), text, host: DISK_HOST });
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

const OWN = path.join(ROOT, 'test', 'corpus');

describe('own corpus (test/corpus)', () => {
  const all = rows(OWN);
  test('has real configs of every format and says where each comes from', () => {
    const folders = new Set(all.map((r) => r.folder));
    assert.deepEqual([...folders].sort(), ['bentoml', 'k8s', 'rayserve', 'rayserve-llm', 'triton', 'vllm']);
    assert.ok(all.length >= 35, `only ${all.length} rows`);
    for (const r of all) assert.ok(fs.existsSync(path.join(OWN, r.folder, r.file)), `${r.folder}/${r.file} is listed but missing`);
    for (const folder of folders) {
      const listed = new Set(all.filter((r) => r.folder === folder).map((r) => r.file));
      const present = fs.readdirSync(path.join(OWN, folder)).filter((f) => f !== 'PROVENANCE.tsv');
      assert.deepEqual(present.filter((f) => !listed.has(f)), [], `files in test/corpus/${folder} without provenance`);
    }
  });
  for (const r of all) {
    const rel = `${r.folder}/${r.file}`;
    test(`${r.expected}: ${rel}`, () => {
      const file = path.join(OWN, r.folder, r.file);
      const a = analyze({ uri: pathToFileURL(file).toString(), text: fs.readFileSync(file, 'utf8'), host: DISK_HOST });
      const shown = (list: typeof a.findings) => list.map((f) => `${a.lines.position(f.range.start).line + 1}: ${f.severity} ${f.code} ${f.message}`).join('\n');
      assert.ok(!a.findings.some((f) => f.code === 'servescope/internal-error'), shown(a.findings));
      switch (r.expected) {
        case 'valid': {
          assert.ok(a.detection.format, `${rel} must be recognised (${a.detection.detail})`);
          const bad = a.findings.filter((f) => (f.severity === 'error' || f.code === 'schema/unknown-key') && f.code !== r.code);
          assert.equal(shown(bad), '', `${rel} (${r.why}) must have no error and no unknown key`);
          if (r.code) assert.ok(a.findings.some((f) => f.code === r.code), `${rel}: expect_code ${r.code} no longer applies; update PROVENANCE.tsv`);
          break;
        }
        case 'invalid':
          assert.ok(r.code, `${rel}: an invalid file needs expect_code`);
          assert.ok(a.findings.some((f) => f.code === r.code && f.severity === 'error'), `${rel} (${r.why}): expected an error ${r.code}; got:\n${shown(a.findings) || 'nothing'}`);
          break;
        case 'not-this-format':
          assert.equal(a.detection.format, null, `${rel} is a lookalike but was claimed as ${a.detection.format}`);
          break;
        case 'unknown':
          // Real files whose fate can't be told from the file alone (k8s/): no crash is all we ask.
          break;
        default:
          assert.fail(`${rel}: unknown expected value ${r.expected}`);
      }
    });
  }
});
