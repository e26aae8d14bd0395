/**
 * Fixture tests for every rule. Layout: test/fixtures/rules/<framework>/<rule>/
 *   bad*.{yaml,pbtxt}    each line that must be flagged carries `# expect: <code>`
 *                        (several codes separated by spaces); no other finding of the
 *                        folder's rule may appear anywhere else in the file
 *   good*.{yaml,pbtxt}   no finding of the folder's rule
 *   <name>.fixed.<ext>   golden text after applying the first fix of every
 *                        finding of the rule in <name>.<ext>; required when the rule
 *                        offers a fix there
 *   <name>.snap          each finding of the rule in a bad file as the user sees it:
 *                        `line:col-line:col severity message` (1-based); regenerate
 *                        with UPDATE_SNAPSHOTS=1 and read the diff
 *   settings.json        optional Partial<Settings> for all files in the folder
 * The rule id is `<framework>/<rule>` from the folder names.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../server/src/core/analyze';
import { fixesFor } from '../../server/src/core/editing/fixes';
import { DISK_HOST } from '../../server/src/diskHost';
import { ALL_RULES } from '../../server/src/core/rules/index';
import type { Settings, TextEditOffsets } from '../../server/src/core/types';

const ROOT = path.resolve(__dirname, '..', 'fixtures', 'rules');
const REPO = path.resolve(__dirname, '..', '..');

function ruleDirs(): { id: string; dir: string }[] {
  if (!fs.existsSync(ROOT)) return [];
  const out: { id: string; dir: string }[] = [];
  for (const fw of fs.readdirSync(ROOT).sort()) {
    const fwDir = path.join(ROOT, fw);
    if (!fs.statSync(fwDir).isDirectory()) continue;
    for (const rule of fs.readdirSync(fwDir).sort()) {
      const dir = path.join(fwDir, rule);
      if (fs.statSync(dir).isDirectory()) out.push({ id: `${fw}/${rule}`, dir });
    }
  }
  return out;
}

function expectations(text: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  text.split('\n').forEach((line, i) => {
    const m = /#\s*expect:\s*([\w/.-]+(?:\s+[\w/.-]+)*)/.exec(line);
    if (m) out.set(i, m[1].trim().split(/\s+/));
  });
  return out;
}

function applyEdits(text: string, edits: TextEditOffsets[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

const dirs = ruleDirs();

describe('rule fixtures', () => {
  test('every registered rule has a fixture folder', () => {
    const have = new Set(dirs.map((d) => d.id));
    const missing = ALL_RULES.map((r) => r.id).filter((id) => !have.has(id) && !id.startsWith('schema/'));
    assert.deepEqual(missing, [], `rules without fixtures: ${missing.join(', ')}`);
  });

  for (const { id, dir } of dirs) {
    describe(id, () => {
      const settingsFile = path.join(dir, 'settings.json');
      const settings: Partial<Settings> | undefined = fs.existsSync(settingsFile) ? JSON.parse(fs.readFileSync(settingsFile, 'utf8')) : undefined;
      const files = fs.readdirSync(dir).filter((f) => /\.(ya?ml|pbtxt)$/.test(f) && !f.includes('.fixed.'));
      assert.ok(files.some((f) => f.startsWith('bad')), `${id}: needs a bad* fixture`);
      assert.ok(files.some((f) => f.startsWith('good')), `${id}: needs a good* fixture`);
      for (const f of files) {
        const file = path.join(dir, f);
        const text = fs.readFileSync(file, 'utf8');
        const analysis = analyze({ uri: pathToFileURL(file).toString(), text, settings, host: DISK_HOST });
        const ofRule = analysis.findings.filter((x) => x.code === id);
        test(`${f}: findings on the expected lines`, () => {
          assert.ok(analysis.detection.format, `${f} was not recognised as a serving config (${analysis.detection.detail})`);
          const exp = expectations(text);
          if (f.startsWith('good')) {
            assert.deepEqual(
              ofRule.map((x) => `${analysis.lines.position(x.range.start).line + 1}: ${x.message}`),
              [],
              `${f} should have no ${id} finding`,
            );
          }
          for (const [line, codes] of exp) {
            for (const code of codes) {
              const hit = analysis.findings.some((x) => x.code === code && analysis.lines.position(x.range.start).line === line);
              assert.ok(
                hit,
                `${f}:${line + 1} expected ${code}; got ${analysis.findings.map((x) => `${x.code}@${analysis.lines.position(x.range.start).line + 1}`).join(', ') || 'nothing'}`,
              );
            }
          }
          for (const x of ofRule) {
            const line = analysis.lines.position(x.range.start).line;
            assert.ok(exp.get(line)?.includes(id), `${f}:${line + 1} unexpected ${id}: ${x.message}`);
          }
        });
        if (f.startsWith('bad')) {
          const snapFile = path.join(dir, f.replace(/\.[^.]+$/, '.snap'));
          const seen = ofRule
            .map((x) => {
              const a = analysis.lines.position(x.range.start);
              const b = analysis.lines.position(x.range.end);
              return `${a.line + 1}:${a.character + 1}-${b.line + 1}:${b.character + 1} ${x.severity} ${x.message}`;
            })
            .join('\n')
            // Messages that name a directory of this checkout read the same on every machine.
            .split(REPO).join('<repo>') + '\n';
          test(`${f}: messages, severities and columns match ${path.basename(snapFile)}`, () => {
            if (process.env.UPDATE_SNAPSHOTS) fs.writeFileSync(snapFile, seen);
            assert.ok(fs.existsSync(snapFile), `${path.basename(snapFile)} is missing: run with UPDATE_SNAPSHOTS=1`);
            assert.equal(seen, fs.readFileSync(snapFile, 'utf8'));
          });
        }
        const golden = path.join(dir, f.replace(/(\.[^.]+)$/, '.fixed$1'));
        if (f.startsWith('bad') && !fs.existsSync(golden) && ofRule.some((x) => fixesFor(x, analysis).length > 0)) {
          test(`${f}: offers a fix, so it has a golden ${path.basename(golden)}`, () => assert.fail(`${id} offers a quick-fix in ${f} but ${path.basename(golden)} is missing`));
        }
        if (fs.existsSync(golden)) {
          test(`${f}: quick-fix gives ${path.basename(golden)}`, () => {
            const edits: TextEditOffsets[] = [];
            for (const x of ofRule) {
              const fixes = fixesFor(x, analysis);
              const fix = fixes[0];
              assert.ok(fix, `no fix offered for ${id} at line ${analysis.lines.position(x.range.start).line + 1}`);
              edits.push(...fix.edits);
            }
            assert.equal(applyEdits(text, edits), fs.readFileSync(golden, 'utf8'));
          });
        }
      }
    });
  }
});
