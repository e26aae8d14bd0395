import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { brokenExamples, closeAllEditors, codeOf, exampleUri, openExample, revertAllEdits, waitForDiagnostics } from './helpers';

describe('code actions', () => {
  afterEach(revertAllEdits);
  after(closeAllEditors);

  it('a quick-fix on a broken example edits the text and clears its diagnostic', async function () {
    const examples = brokenExamples();
    if (examples.length === 0) this.skip();
    let tried = 0;
    const seen: string[] = [];
    for (const example of examples) {
      const uri = exampleUri(example);
      const doc = await openExample(example);
      const diagnostics = await waitForDiagnostics(uri, 'diagnostics', (d) => d.length > 0);
      for (const diagnostic of diagnostics) {
        // The last argument asks VS Code to resolve lazily computed edits (codeAction/resolve).
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value, 20);
        for (const a of actions ?? []) seen.push(`${a.title} [${a.kind?.value}] edit=${Boolean(a.edit)} command=${a.command?.command ?? '-'} diagnostics=${(a.diagnostics ?? []).map(codeOf).join(',') || '-'}`);
        // A fix should name the diagnostic it fixes; one that names none is taken for the one we asked about.
        const fix = (actions ?? []).find((a) => a.edit && (!a.diagnostics?.length || a.diagnostics.some((d) => codeOf(d) === codeOf(diagnostic))));
        if (!fix?.edit) continue;
        tried++;
        const before = doc.getText();
        const applied = await vscode.workspace.applyEdit(fix.edit);
        assert.ok(applied, `"${fix.title}" did not apply`);
        assert.notEqual(doc.getText(), before, `"${fix.title}" changed nothing`);
        // A "did you mean" fix must write the suggested name.
        const suggested = /Did you mean "([^"]+)"/.exec(diagnostic.message)?.[1];
        if (suggested) assert.ok(doc.lineAt(diagnostic.range.start.line).text.includes(suggested), `after "${fix.title}" line ${diagnostic.range.start.line + 1} reads: ${doc.lineAt(diagnostic.range.start.line).text}`);
        const key = `${codeOf(diagnostic)}@${diagnostic.range.start.line}`;
        const count = diagnostics.filter((d) => `${codeOf(d)}@${d.range.start.line}` === key).length;
        // Same code on the same line once fewer times than before: that finding is gone.
        await waitForDiagnostics(uri, `"${fix.title}" to clear ${key}`, (d) => d.filter((x) => `${codeOf(x)}@${x.range.start.line}` === key).length < count);
        return;
      }
    }
    assert.ok(tried > 0, `no quick-fix with an edit for any diagnostic in: ${examples.join(', ')}; actions offered:\n${seen.join('\n') || '(none)'}`);
  });
});
