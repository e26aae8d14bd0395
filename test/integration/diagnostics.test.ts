import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  DIAGNOSTIC_SOURCE,
  brokenExamples,
  cliResults,
  closeAllEditors,
  codeOf,
  describeCliDiagnostic,
  describeDiagnostic,
  exampleUri,
  listExamples,
  standaloneExamples,
  openExample,
  revertAllEdits,
  waitForDiagnostics,
} from './helpers';

describe('diagnostics on the examples', () => {
  after(closeAllEditors);

  it('at least one example has a problem to show', function () {
    if (!cliResults()) this.skip();
    assert.ok(brokenExamples().length > 0, 'servescope check finds nothing in examples/, so the editor tests below prove little');
  });

  for (const example of listExamples()) {
    it(`${example}: editor shows what servescope check reports (codes, severities, ranges)`, async function () {
      const expected = cliResults()?.get(path.normalize(example));
      if (!expected) this.skip();
      if (!expected.framework) this.skip(); // not one of ours: nothing to compare
      const want = expected.diagnostics.map(describeCliDiagnostic).sort();
      const uri = exampleUri(example);
      await openExample(example);
      let got: string[] = [];
      try {
        await waitForDiagnostics(uri, `${want.length} diagnostic(s)`, (ds) => {
          got = ds.map(describeDiagnostic).sort();
          return want.length > 0 && got.join('\n') === want.join('\n');
        }, want.length === 0 ? 3_000 : undefined);
      } catch (error) {
        // A clean file may never get an event worth waiting for; what matters is that nothing is shown.
        if (want.length > 0) assert.deepEqual(got, want, String(error));
      }
      if (want.length === 0) assert.deepEqual(got, [], 'the CLI finds nothing here but the editor does');
    });
  }

  it('every diagnostic carries source, a rule code and a message', async function () {
    const broken = brokenExamples();
    if (broken.length === 0) this.skip();
    const uri = exampleUri(broken[0]);
    await openExample(broken[0]);
    const ds = await waitForDiagnostics(uri, 'any diagnostic', (d) => d.length > 0);
    for (const d of ds) {
      assert.equal(d.source, DIAGNOSTIC_SOURCE);
      assert.match(codeOf(d), /^[a-z0-9-]+\/[a-z0-9-]+$/, `code "${codeOf(d)}" is not a rule id like schema/unknown-key`);
      assert.ok(d.message.trim().length > 0);
      assert.ok([vscode.DiagnosticSeverity.Error, vscode.DiagnosticSeverity.Warning, vscode.DiagnosticSeverity.Information, vscode.DiagnosticSeverity.Hint].includes(d.severity));
    }
  });

  it('an unknown key typed into a vLLM config is flagged, and goes away when undone', async function () {
    const cli = cliResults();
    const example = standaloneExamples().find((f) => cli?.get(path.normalize(f))?.framework === 'vllm');
    if (!example) this.skip();
    const doc = await openExample(example);
    const uri = doc.uri;
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    const before = (await waitForDiagnostics(uri, 'first analysis', () => true)).length;
    const line = doc.lineCount;
    const ok = await editor.edit((e) => e.insert(new vscode.Position(line, 0), '\nmax-num-seqs-typo: 8\n'));
    assert.ok(ok);
    try {
      const ds = await waitForDiagnostics(uri, 'schema/unknown-key on the typo', (d) => d.some((x) => codeOf(x) === 'schema/unknown-key' && doc.getText(x.range).includes('max-num-seqs-typo')));
      const hit = ds.find((x) => codeOf(x) === 'schema/unknown-key')!;
      assert.ok(hit.severity <= vscode.DiagnosticSeverity.Warning, 'an unknown key should be at least a warning');
    } finally {
      await revertAllEdits();
    }
    await waitForDiagnostics(uri, 'the typo diagnostic to clear', (d) => d.length === before && !d.some((x) => x.range.start.line >= line));
  });
});
