/**
 * Inputs the fuzzer (scripts/fuzz.ts) once broke the core with, kept as fixtures:
 * each folder under test/fixtures/fuzz/ holds one input (under the file name the
 * analysis saw, which drives detection) and failure.json saying how it failed.
 * Every one must now analyse without an exception, an internal error, a slow run or
 * an ill-formed result, and the CLI must print JSON for it. A fixture whose
 * failure.json has `"open": "<why>"` is a known, unfixed bug: it runs as a todo
 * (reported, not failing) until the fix lands and the line is removed.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, runOne, wellFormed } from '../../scripts/fuzz-worker';
import { analyze } from '../../server/src/core/analyze';

const DIR = path.resolve(__dirname, '..', 'fixtures', 'fuzz');

interface Fixture {
  dir: string;
  name: string;
  text: string;
  languageId: string;
  why: string;
  open?: string;
}

function fixtures(): Fixture[] {
  if (!fs.existsSync(DIR)) return [];
  const out: Fixture[] = [];
  for (const d of fs.readdirSync(DIR).sort()) {
    const dir = path.join(DIR, d);
    if (!fs.statSync(dir).isDirectory()) continue;
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'failure.json'), 'utf8')) as { languageId?: string; problems?: { kind: string; detail: string }[]; open?: string };
    const inputs = fs.readdirSync(dir).filter((f) => f !== 'failure.json');
    assert.equal(inputs.length, 1, `${dir} must hold exactly one input next to failure.json`);
    const name = inputs[0];
    out.push({
      dir: d,
      name,
      text: fs.readFileSync(path.join(dir, name), 'utf8'),
      languageId: meta.languageId ?? (name.endsWith('.pbtxt') ? 'pbtxt' : 'yaml'),
      why: `${meta.problems?.[0]?.kind}: ${meta.problems?.[0]?.detail.split('\n')[0] ?? ''}`,
      open: meta.open,
    });
  }
  return out;
}

describe('fuzz regressions', () => {
  test('the oracle rejects what it must (so a passing fixture means something)', () => {
    const a = analyze({ uri: 'file:///tmp/x/llama.yaml', text: '# servescope: vllm\nmodel: facebook/opt-125m\nbogus: 1\n' });
    assert.deepEqual(wellFormed(a, a.text), []);
    assert.ok(a.findings.length > 0);
    const broken = { ...a, findings: [{ ...a.findings[0], range: { start: 5, end: a.text.length + 1 } }, { ...a.findings[0], message: '' }] };
    const problems = wellFormed(broken, a.text);
    assert.equal(problems.length, 2, problems.join('\n'));
    const bad = { ...a, estimates: [{ ...a.estimates[0], estimate: { ok: true, tensorParallel: NaN, pipelineParallel: 1, assumptions: [] } }] };
    assert.match(wellFormed(bad as typeof a, a.text).join('\n'), /non-finite estimate/);
  });

  const all = fixtures();
  for (const f of all) {
    test(`${f.dir} (was ${f.why.slice(0, 100)})`, { todo: f.open ? `open: ${f.open}` : undefined }, () => {
      const o = runOne({ name: f.name, languageId: f.languageId, text: f.text });
      assert.deepEqual(o.problems.map((p) => `${p.kind}: ${p.detail.slice(0, 300)}`), []);
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'servescope-fuzzreg-'));
      try {
        assert.deepEqual(runCli({ name: f.name, text: f.text }, tmp), []);
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });
  }
});
