import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { cliResults, closeAllEditors, detectedFormat, listExamples, openExample, waitFor } from './helpers';

/** Formats the file name alone decides (DESIGN.md detection order: settings > modeline > name > content). */
function formatByName(file: string): string | undefined {
  const name = path.basename(file).toLowerCase();
  if (name.endsWith('.pbtxt')) return 'triton';
  if (/^bentofile.*\.ya?ml$/.test(name)) return 'bentoml';
  return undefined;
}

describe('detected format (what the status bar shows)', () => {
  after(closeAllEditors);

  for (const example of listExamples()) {
    it(`${example}`, async function () {
      const cli = cliResults();
      const expected = cli?.get(path.normalize(example))?.framework ?? formatByName(example);
      if (expected === undefined) this.skip();
      const doc = await openExample(example);
      // The command answers for the active editor; wait until it is this one and the server has replied.
      const actual = await waitFor(`servescope.detectedFormat for ${example}`, async () => {
        const value = await detectedFormat();
        return value === undefined ? undefined : { value };
      });
      assert.equal(actual.value ?? null, expected, `${doc.fileName}: editor says ${actual.value}, servescope check says ${expected}`);
      const byName = formatByName(example);
      if (byName) assert.equal(actual.value, byName);
    });
  }
});
