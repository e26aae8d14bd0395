/**
 * Golden-file comparison the generator and report tests share: with SERVESCOPE_UPDATE_GOLDEN=1
 * (or UPDATE_SNAPSHOTS=1, the rule fixtures' switch) the file is (re)written, otherwise the
 * output must equal it byte for byte.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const UPDATE = process.env.SERVESCOPE_UPDATE_GOLDEN === '1' || process.env.UPDATE_SNAPSHOTS === '1';

export function golden(dir: string, file: string, actual: string): void {
  const p = path.join(dir, file);
  if (UPDATE) fs.writeFileSync(p, actual);
  assert.ok(fs.existsSync(p), `${file} is missing: run with SERVESCOPE_UPDATE_GOLDEN=1 to create it`);
  assert.equal(actual, fs.readFileSync(p, 'utf8'), `${file} differs from the golden file`);
}
