import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, exampleOfFormat, openExample, revertAllEdits, waitFor } from './helpers';

/** vLLM engine arguments a config may set; the test asks for one the example does not use yet. */
const VLLM_KEYS = ['max-num-seqs', 'max-num-batched-tokens', 'max-model-len', 'gpu-memory-utilization', 'tensor-parallel-size', 'kv-cache-dtype', 'enforce-eager'];

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

describe('completion', () => {
  afterEach(revertAllEdits);
  after(closeAllEditors);

  it('offers vLLM engine arguments on a new top-level line', async function () {
    const example = exampleOfFormat('vllm');
    if (!example) this.skip();
    const doc = await openExample(example);
    const missing = VLLM_KEYS.find((k) => !doc.getText().includes(k) && !doc.getText().includes(k.replace(/-/g, '_')));
    if (!missing) this.skip();
    const underscored = missing.replace(/-/g, '_');
    const editor = vscode.window.activeTextEditor!;
    const line = doc.lineCount;
    // A fresh line that starts like the key, so the item must come from us, not from words in the file.
    const prefix = missing.slice(0, 3);
    await editor.edit((e) => e.insert(new vscode.Position(line, 0), `\n${prefix}`));
    const at = new vscode.Position(doc.lineCount - 1, prefix.length);
    const labels = await waitFor(`completion item ${missing}`, async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at);
      const ls = (list?.items ?? []).map(labelOf);
      // Labels follow the file's spelling: dashed (max-num-seqs) or underscored (max_num_seqs).
      return ls.some((l) => l === missing || l === underscored) ? ls : undefined;
    });
    assert.ok(labels.includes(missing) || labels.includes(underscored));
  });
});
