/**
 * The advisor inside VS Code: commands and view are contributed, a question goes
 * through the language server's custom requests to the fake Messages API on
 * 127.0.0.1 (never the internet), a proposal waits for Apply, and Apply is one
 * undoable WorkspaceEdit.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startFakeAnthropicServer, type FakeAnthropicServer } from '../advisor/fakeAnthropicServer';
import type { ArchitectureDisplay } from '../../client/src/advisor/protocol';
import { EXTENSION_ID, closeAllEditors, exampleUri, openExample, revertActiveEditor, waitFor } from './helpers';

interface AdvisorApi {
  transcript: { kind: string; text?: string; proposal?: { id: string; state: string } }[];
  architecture: ArchitectureDisplay;
  refreshArchitecture(about?: vscode.Uri): Promise<void>;
  handleWebviewMessage(raw: unknown): Promise<void>;
  newConversation(): void;
}

const EXAMPLE = 'vllm/llama-8b-h100.yaml';

describe('advisor', () => {
  let fake: FakeAnthropicServer;
  let advisor: AdvisorApi;
  const savedKey = process.env.ANTHROPIC_API_KEY;

  before(async () => {
    fake = await startFakeAnthropicServer();
    assert.equal(new URL(fake.baseURL).hostname, '127.0.0.1');
    process.env.ANTHROPIC_API_KEY = 'sk-ant-integration-test-key-000000';
    await vscode.workspace.getConfiguration('servescope.advisor').update('baseUrl', fake.baseURL, vscode.ConfigurationTarget.Global);
    const ext = vscode.extensions.getExtension<{ advisor: AdvisorApi }>(EXTENSION_ID);
    assert.ok(ext, 'extension is installed');
    advisor = (await ext.activate()).advisor;
    assert.ok(advisor, 'activate() returns the advisor');
  });
  after(async () => {
    await vscode.workspace.getConfiguration('servescope.advisor').update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    if (savedKey === undefined) delete process.env.ANTHROPIC_API_KEY;
    else process.env.ANTHROPIC_API_KEY = savedKey;
    advisor?.newConversation();
    await fake?.close();
    await closeAllEditors();
  });
  beforeEach(() => {
    fake.requests.length = 0;
    advisor.newConversation();
  });
  afterEach(revertActiveEditor);

  it('contributes its commands', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of ['servescope.setApiKey', 'servescope.askAdvisor', 'servescope.sizeDeployment', 'servescope.advisor.focus']) assert.ok(all.includes(c), c);
  });

  it('answers with the grounded context, estimates through the engine, and applies a proposal only on Apply as one undo step', async () => {
    const doc = await openExample(EXAMPLE);
    const original = doc.getText();
    fake.enqueue(
      { kind: 'reply', content: [{ type: 'tool_use', id: 'toolu_e', name: 'estimate_what_if', input: { replicas: 2, traffic: { input_len: 1000, output_len: 200, concurrency: 32 } } }], stopReason: 'tool_use' },
      {
        kind: 'reply',
        content: [
          { type: 'text', text: 'Two replicas cover it.' },
          { type: 'tool_use', id: 'toolu_p', name: 'propose_edit', input: { edits: [{ old: 'max-num-seqs: 128', new: 'max-num-seqs: 64' }], rationale: 'Bound concurrency per replica.' } },
        ],
        stopReason: 'tool_use',
      },
      { kind: 'reply', content: [{ type: 'text', text: 'Press Apply if you agree.' }] },
    );
    await vscode.commands.executeCommand('servescope.askAdvisor', { uri: doc.uri.toString(), line: 10, code: 'test/code', message: 'test message', severity: 'warning' });

    // Grounded: the first request carried ServeScope's context for this file.
    const ctx: string = fake.requests[0]!.body.messages[0].content[0].text;
    assert.match(ctx, /<servescope_context>/);
    assert.match(ctx, /format: vllm/);
    assert.match(ctx, /max-num-seqs: 128/);
    // The estimate came from the language server's engine.
    const estimate = JSON.parse(fake.requests[1]!.body.messages.at(-1).content[0].content);
    assert.equal(estimate.ok, true, JSON.stringify(estimate));
    assert.equal(estimate.gpu, 'H100-SXM-80GB');
    assert.ok(estimate.kv_cache_gib > 0);

    const proposal = advisor.transcript.find((i) => i.kind === 'proposal')?.proposal;
    assert.ok(proposal, JSON.stringify(advisor.transcript));
    assert.equal(proposal.state, 'pending');
    assert.equal(doc.getText(), original, 'nothing applied before the click');

    await advisor.handleWebviewMessage({ type: 'apply', proposalId: proposal.id });
    assert.equal(doc.getText(), original.replace('max-num-seqs: 128', 'max-num-seqs: 64'));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await waitFor('undo restores the file in one step', () => (doc.getText() === original ? true : undefined), 5000);
  });

  it('plans the architecture section through the language server with no API key: the summary, diagram and files', async () => {
    delete process.env.ANTHROPIC_API_KEY;
    try {
      const doc = await openExample(EXAMPLE);
      await advisor.refreshArchitecture(doc.uri);
      const bare = advisor.architecture;
      assert.ok(bare.state === 'ready' && bare.result.missing, JSON.stringify(bare));
      // State the traffic and SLO in the comment (unsaved; afterEach reverts it): the section plans them.
      const first = doc.lineAt(0);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, first.range, `${first.text} rps=20 slo="ttft:p95<800ms;tpot:p95<60ms"`);
      assert.ok(await vscode.workspace.applyEdit(edit));
      await advisor.refreshArchitecture(doc.uri);
      const a = advisor.architecture;
      assert.ok(a.state === 'ready' && a.result.ok, JSON.stringify(a));
      assert.match(a.result.summary[0], /^Planned for 20 req\/s at peak/);
      assert.match(a.result.diagram ?? '', /replica: vLLM engine on \d+ × H100-SXM-80GB/);
      assert.deepEqual(a.result.artifacts.map((x) => x.fileName), ['llama-8b-h100.keda-scaledobject.yaml', 'llama-8b-h100.rules.yaml', 'llama-8b-h100.dashboard.json']);
      // Apply writes the recommendation as one undoable edit, then the section plans the edited file.
      const before = doc.getText();
      assert.ok(a.result.proposal && a.result.proposal.edits.length > 0, JSON.stringify(a.result.proposal));
      await advisor.handleWebviewMessage({ type: 'applyArchitecture' });
      const after = advisor.architecture;
      assert.ok(after.state === 'ready' && after.applied?.ok, JSON.stringify(after));
      assert.notEqual(doc.getText(), before);
      await vscode.commands.executeCommand('undo');
      assert.equal(doc.getText(), before, 'one undo step');
      assert.equal(fake.requests.length, 0, 'no API call');
    } finally {
      process.env.ANTHROPIC_API_KEY = 'sk-ant-integration-test-key-000000';
    }
  });

  it('offers "Ask the advisor about this" on ServeScope diagnostics', async () => {
    const uri = exampleUri(EXAMPLE);
    await openExample(EXAMPLE);
    const diagnostic = new vscode.Diagnostic(new vscode.Range(9, 0, 9, 5), 'x', vscode.DiagnosticSeverity.Warning);
    diagnostic.source = 'servescope';
    diagnostic.code = 'test/code';
    const collection = vscode.languages.createDiagnosticCollection('advisor-test');
    collection.set(uri, [diagnostic]);
    try {
      const actions = await waitFor('code actions', async () => {
        const a = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
        return a?.some((x) => x.title === 'Ask the advisor about this') ? a : undefined;
      }, 10_000);
      const ask = actions.find((x) => x.title === 'Ask the advisor about this')!;
      assert.equal(ask.command?.command, 'servescope.askAdvisor');
      assert.deepEqual(ask.command?.arguments?.[0], { uri: uri.toString(), line: 10, code: 'test/code', message: 'x', severity: 'warning' });
    } finally {
      collection.dispose();
    }
  });
});
