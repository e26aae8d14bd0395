/**
 * The plan view inside VS Code: the command and the "Plan capacity" code lens are
 * there, the command opens the panel beside the config with a plan from the
 * language server (no API key involved), and Apply writes the row's edit as one
 * undoable WorkspaceEdit.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, closeAllEditors, openExample, revertActiveEditor, waitFor } from './helpers';

interface PlanSessionApi {
  documentUri: string;
  result?: { ok: boolean; errors: string[]; rows: { label: string }[]; chosen: number; apply: { edits: unknown[]; refused?: string; changes: string[] }[]; inputs: { gpu?: string } };
  handleMessage(raw: unknown): Promise<void>;
}
interface PlanApi {
  panel: { current?: PlanSessionApi };
}

const EXAMPLE = 'rayserve/llm_app.yaml';
const PLAN_VIEW_TYPE = 'servescope.plan';

describe('plan view', () => {
  let plan: PlanApi;

  before(async () => {
    const ext = vscode.extensions.getExtension<{ plan: PlanApi }>(EXTENSION_ID);
    assert.ok(ext, 'extension is installed');
    plan = (await ext.activate()).plan;
    assert.ok(plan, 'activate() returns the plan view');
  });
  after(closeAllEditors);
  afterEach(revertActiveEditor);

  it('contributes the command and its code lens setting', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes('servescope.planCapacity'));
    assert.equal(vscode.workspace.getConfiguration('servescope.codeLens').get('planCapacity'), true);
  });

  it('shows a "Plan capacity" code lens at the top of a recognised config', async () => {
    const doc = await openExample(EXAMPLE);
    const lens = await waitFor('a Plan capacity code lens', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      return lenses?.find((l) => l.command?.command === 'servescope.planCapacity');
    });
    assert.equal(lens.command?.title, 'Plan capacity');
    assert.equal(lens.range.start.line, 0);
  });

  it('opens the panel beside the config with a plan for the typed traffic, and Apply edits the file once', async () => {
    const doc = await openExample(EXAMPLE);
    const original = doc.getText();
    await vscode.commands.executeCommand('servescope.planCapacity', doc.uri);
    const tab = await waitFor('the plan panel tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(PLAN_VIEW_TYPE)),
    );
    assert.match(tab.label, /^Plan: llm_app\.yaml$/);
    const session = await waitFor('the plan session', () => plan.panel.current);
    assert.equal(session.documentUri, doc.uri.toString());
    // Without traffic the view asks for it rather than guessing.
    const first = await waitFor('the first answer', () => session.result);
    assert.equal(first.ok, false);
    assert.match(first.errors.join(), /enter the peak request rate/);
    assert.equal(first.inputs.gpu, 'L4');
    // What the webview posts when the user fills the form and presses Plan.
    await session.handleMessage({ type: 'plan', inputs: { peakRps: 12, avgRps: 4, slo: 'ttft:p95<1s;tpot:p95<80ms' } });
    const r = session.result!;
    assert.ok(r.ok, r.errors.join());
    assert.match(r.rows[r.chosen].label, /^L4 TP \d × \d+$/);
    const apply = r.apply[r.chosen];
    assert.equal(apply.refused, undefined, apply.refused);
    assert.ok(apply.edits.length > 0);
    await session.handleMessage({ type: 'apply', row: r.chosen });
    await waitFor('the edit', () => (doc.getText() !== original ? true : undefined));
    assert.match(doc.getText(), /max_replicas: \d+/);
    assert.ok(doc.getText().includes('# Ray Serve LLM: an OpenAI-compatible app'), 'comments survive');
    // One undo step takes the whole plan back.
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await waitFor('the undo', () => (doc.getText() === original ? true : undefined));
  });
});
