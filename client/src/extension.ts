/**
 * Extension entry: starts the language server (bundled dist/server.js) for YAML and
 * Triton pbtxt documents and shows the detected format in the status bar. All analysis
 * happens in the server; this side is editor glue.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { StatusBar } from './statusBar';
import { DID_ANALYZE, DOCUMENT_INFO, SET_FORMAT_OVERRIDE, type DidAnalyzeParams, type SetFormatOverrideParams } from '../../server/src/protocol/editor';
import { activateAdvisor } from './advisorBridge';
import { registerPlanView, type PlanView } from './planView';
import type { FormatId } from '../../server/src/core/types';

let client: LanguageClient | undefined;

const OVERRIDES_KEY = 'servescope.formatOverrides';

export async function activate(context: vscode.ExtensionContext): Promise<{ client: LanguageClient; advisor: ReturnType<typeof activateAdvisor>; plan: PlanView }> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const output = vscode.window.createOutputChannel('ServeScope', { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'yaml', scheme: 'file' },
      { language: 'yaml', scheme: 'untitled' },
      { language: 'pbtxt', scheme: 'file' },
      { language: 'pbtxt', scheme: 'untitled' },
    ],
    // Files a config.pbtxt's analysis reads beside it: Triton's model.json and TensorRT-LLM engine configs (its estimate), the
    // sibling models' config.pbtxt and model.py (the ensemble rules). The server re-analyses the documents that read a changed one.
    synchronize: { configurationSection: 'servescope', fileEvents: vscode.workspace.createFileSystemWatcher('**/{model.json,config.json,config.pbtxt,model.py}') },
    outputChannel: output,
  };
  client = new LanguageClient('servescope', 'ServeScope', serverOptions, clientOptions);

  const status = new StatusBar();
  context.subscriptions.push(status, output);

  const plan = registerPlanView(context, client);
  client.onNotification(DID_ANALYZE, (p: DidAnalyzeParams) => {
    status.update(p);
    plan.noteAnalysis(p);
  });

  const overrides = () => context.workspaceState.get<Record<string, string>>(OVERRIDES_KEY, {});

  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(() => void refreshStatus(status)),
    vscode.commands.registerCommand('servescope.detectedFormat', async (uri?: vscode.Uri) => {
      const target = uri?.toString() ?? vscode.window.activeTextEditor?.document.uri.toString();
      if (!target || !client) return null;
      const r = await client.sendRequest<DidAnalyzeParams | null>(DOCUMENT_INFO, { uri: target });
      return r?.format ?? null;
    }),
    vscode.commands.registerCommand('servescope.selectFormat', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || !client) return;
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'Detect automatically', value: null as FormatId | null },
          { label: 'vLLM server config', value: 'vllm' as const },
          { label: 'Triton model config', value: 'triton' as const },
          { label: 'Ray Serve config', value: 'rayserve' as const },
          { label: 'BentoML config', value: 'bentoml' as const },
        ],
        { placeHolder: 'Which serving framework is this file for?' },
      );
      if (!pick) return;
      const uri = editor.document.uri.toString();
      const next = { ...overrides() };
      if (pick.value) next[uri] = pick.value;
      else delete next[uri];
      await context.workspaceState.update(OVERRIDES_KEY, next);
      await client.sendNotification(SET_FORMAT_OVERRIDE, { uri, format: pick.value } satisfies SetFormatOverrideParams);
    }),
    vscode.commands.registerCommand('servescope.showOutput', () => output.show()),
  );

  await client.start();
  // Formats the user chose earlier in this workspace survive reloads.
  for (const [uri, format] of Object.entries(overrides())) {
    await client.sendNotification(SET_FORMAT_OVERRIDE, { uri, format } as SetFormatOverrideParams);
  }
  const advisor = activateAdvisor(context, client);
  void refreshStatus(status);
  return { client, advisor, plan };

  async function refreshStatus(s: StatusBar): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !client || !['yaml', 'pbtxt'].includes(editor.document.languageId)) {
      s.hide();
      return;
    }
    const r = await client.sendRequest<DidAnalyzeParams | null>(DOCUMENT_INFO, { uri: editor.document.uri.toString() }).catch(() => null);
    if (r) s.update(r);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
