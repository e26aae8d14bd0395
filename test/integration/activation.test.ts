import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, closeAllEditors, detectedFormat, exampleOfFormat, listExamples, openExample, waitFor } from './helpers';

describe('activation', () => {
  after(closeAllEditors);

  it('the examples workspace has configs to open', () => {
    assert.ok(listExamples().length > 0, 'examples/ holds no .yaml/.yml/.pbtxt files');
  });

  it('activates when a YAML config opens, and answers servescope.detectedFormat', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not installed in this editor`);
    const events: string[] = extension.packageJSON.activationEvents ?? [];
    assert.ok(events.includes('onLanguage:yaml'), `activationEvents: ${events.join(', ')}`);

    const example = exampleOfFormat('vllm') ?? listExamples().find((f) => /\.ya?ml$/i.test(f));
    assert.ok(example, 'no YAML example to open');
    const doc = await openExample(example);
    assert.equal(doc.languageId, 'yaml');
    // Opening the file, not a command, must be what activates us.
    await waitFor(`${EXTENSION_ID} to activate`, () => (extension.isActive ? true : undefined));
    // null is a fair answer for a file we do not claim; undefined means the command is missing.
    const answer = await waitFor('servescope.detectedFormat to answer', async () => {
      const value = await detectedFormat();
      return value === undefined ? undefined : { value };
    });
    assert.ok(answer.value === null || ['vllm', 'triton', 'rayserve', 'bentoml'].includes(answer.value), `detected format: ${answer.value}`);
  });

  it('gives .pbtxt files their own language', async () => {
    const pbtxt = listExamples().find((f) => f.endsWith('.pbtxt'));
    if (!pbtxt) return assert.fail('no config.pbtxt among the examples');
    const doc = await openExample(pbtxt);
    assert.equal(doc.languageId, 'pbtxt');
  });
});
