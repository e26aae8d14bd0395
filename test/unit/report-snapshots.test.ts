/**
 * What the CLI prints, byte for byte: `servescope check` as text, JSON and SARIF over one
 * folder (a vLLM file with errors, a Triton model, a file nobody claims), and `servescope
 * estimate` as text and JSON, from flags and from a config file. Goldens are in
 * test/fixtures/report/; the checkout's path reads `<repo>`. After a deliberate change:
 *
 *   UPDATE_SNAPSHOTS=1 node --import tsx --test test/unit/report-snapshots.test.ts
 *
 * and read the diff.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { main } from '../../server/src/cli';
import { golden } from './golden';

const REPO = path.resolve(__dirname, '..', '..');
const DIR = path.join(REPO, 'test', 'fixtures', 'report');

/** Runs the CLI as `servescope <argv>`: exit code and stdout, with the checkout's path normalised. */
function run(argv: string[]): { code: number; stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, (s) => out.push(s), (s) => err.push(s));
  assert.equal(typeof code, 'number', 'no --hub here, so the command answers synchronously');
  const norm = (lines: string[]) => `${lines.join('\n').split(REPO).join('<repo>')}\n`;
  return { code: code as number, stdout: norm(out), stderr: err.join('\n') };
}

for (const [format, file] of [['text', 'check.txt'], ['json', 'check.json'], ['sarif', 'check.sarif.json']] as const) {
  test(`check --format ${format}`, () => {
    const r = run(['check', '--format', format, DIR]);
    assert.equal(r.code, 1, 'the folder has errors');
    assert.equal(r.stderr, '');
    golden(DIR, file, r.stdout);
  });
}

const FLAGS = ['estimate', '--model', 'meta-llama/Llama-3.1-8B-Instruct', '--gpu', 'A100-80GB', '--max-model-len', '8192', '--concurrency', '32'];
const FILE = ['estimate', path.join(DIR, 'estimate.yaml'), '--gpu', 'H100'];

for (const [name, argv] of [['estimate', FLAGS], ['estimate-file', FILE]] as const) {
  for (const json of [false, true]) {
    test(`${name}${json ? ' --json' : ''}`, () => {
      const r = run(json ? [...argv, '--json'] : [...argv]);
      assert.equal(r.code, 0, r.stderr);
      golden(DIR, `${name}.${json ? 'json' : 'txt'}`, r.stdout);
    });
  }
}
