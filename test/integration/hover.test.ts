import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { cliEstimate, closeAllEditors, exampleOfFormat, hoverText, listExamples, openExample, waitFor } from './helpers';

/** Position of the first character of `key` where it starts a mapping entry. */
function keyPosition(doc: vscode.TextDocument, key: RegExp): vscode.Position | undefined {
  for (let line = 0; line < doc.lineCount; line++) {
    const m = key.exec(doc.lineAt(line).text);
    if (m && !doc.lineAt(line).text.trimStart().startsWith('#')) return new vscode.Position(line, m.index + (m[1] ? m[0].indexOf(m[1]) : 0) + 1);
  }
  return undefined;
}

describe('hover', () => {
  after(closeAllEditors);

  it('hovering a vLLM key explains it', async function () {
    const example = exampleOfFormat('vllm');
    if (!example) this.skip();
    const doc = await openExample(example);
    const pos = keyPosition(doc, /^\s*([a-z][a-z0-9_-]*)\s*:/);
    assert.ok(pos, `no key in ${example}`);
    const text = await waitFor('a hover', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
      const t = hoverText(hovers ?? []);
      return t.length > 0 ? t : undefined;
    });
    assert.ok(text.length >= 10, `hover too short to help: ${JSON.stringify(text)}`);
  });

  it('hovering the model or memory settings of a vLLM config shows a memory estimate', async function () {
    const example = exampleOfFormat('vllm');
    if (!example) this.skip();
    // Until `servescope estimate` produces numbers there is no estimate for the hover to show.
    if (!cliEstimate(example)) this.skip();
    const doc = await openExample(example);
    const pos = keyPosition(doc, /^\s*(gpu[-_]memory[-_]utilization|max[-_]model[-_]len|model|tensor[-_]parallel[-_]size)\s*:/);
    if (!pos) this.skip();
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
    const text = hoverText(hovers ?? []);
    assert.match(text, /GiB|GB/, `hover at ${pos.line + 1}:${pos.character + 1} has no memory figure:\n${text}`);
  });

  it('hovering a Triton field in config.pbtxt explains it', async function () {
    const example = listExamples().find((f) => f.endsWith('.pbtxt'));
    if (!example) this.skip();
    const doc = await openExample(example);
    const pos = keyPosition(doc, /^\s*(max_batch_size|backend|platform|name)\s*:/);
    if (!pos) this.skip();
    const text = await waitFor('a hover on a pbtxt field', async () => {
      const t = hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos)) ?? []);
      return t.length > 0 ? t : undefined;
    });
    assert.ok(text.length >= 10, text);
  });
});
