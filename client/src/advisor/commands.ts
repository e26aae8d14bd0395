/**
 * Entry points into the advisor from the editor: "Ask the advisor about this"
 * on ServeScope diagnostics, and "Size this deployment for my traffic".
 */
import * as vscode from 'vscode';
import type { AdvisorViewProvider } from './panel';
import { parseAskArgs, questionForFinding, sizingQuestion, validateNumber, type AskAdvisorArgs } from './questions';

/** Command `servescope.askAdvisor`. */
export async function askAdvisor(provider: AdvisorViewProvider, raw: unknown): Promise<void> {
  const args = parseAskArgs(raw);
  if (args) return provider.ask(questionForFinding(args), vscode.Uri.parse(args.uri));
  // From the command palette: open the panel and ask about the active file in general.
  const editor = vscode.window.activeTextEditor;
  await provider.ask('Review this serving config: is it sized and tuned sensibly, and what would you change first?', editor?.document.uri);
}

/** Command `servescope.sizeDeployment`: asks for traffic and latency targets, then starts a conversation. */
export async function sizeDeployment(provider: AdvisorViewProvider): Promise<void> {
  const uri = vscode.window.activeTextEditor?.document.uri;
  const title = 'ServeScope: Size this deployment for my traffic';
  const ask = async (step: number, prompt: string, value: string, kind: 'rate' | 'int' | 'optional'): Promise<number | undefined | null> => {
    const answer = await vscode.window.showInputBox({
      title: `${title} (${step}/5)`,
      prompt,
      value,
      ignoreFocusOut: true,
      validateInput: (v) => validateNumber(v, kind),
    });
    if (answer === undefined) return null; // Escape cancels the whole command.
    return answer.trim() === '' ? undefined : Number(answer);
  };
  const rps = await ask(1, 'Peak requests per second', '10', 'rate');
  if (rps === null || rps === undefined) return;
  const inputLen = await ask(2, 'Average input (prompt) length, tokens', '1024', 'int');
  if (inputLen === null || inputLen === undefined) return;
  const outputLen = await ask(3, 'Average output length, tokens', '256', 'int');
  if (outputLen === null || outputLen === undefined) return;
  const ttft = await ask(4, 'p95 time-to-first-token target, ms (leave empty for none)', '', 'optional');
  if (ttft === null) return;
  const tpot = await ask(5, 'p95 time-per-output-token target, ms (leave empty for none)', '', 'optional');
  if (tpot === null) return;
  await provider.ask(sizingQuestion({ requestsPerS: rps, inputLen, outputLen, p95TtftMs: ttft, p95TpotMs: tpot }), uri);
}

/** Adds "Ask the advisor about this" to every ServeScope diagnostic's light bulb. */
export class AskAdvisorCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    return context.diagnostics
      .filter((d) => d.source === 'servescope')
      .map((d) => {
        const code = typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? 'servescope');
        const action = new vscode.CodeAction('Ask the advisor about this', vscode.CodeActionKind.QuickFix);
        action.diagnostics = [d];
        const args: AskAdvisorArgs = {
          uri: document.uri.toString(),
          line: d.range.start.line + 1,
          code,
          message: d.message,
          severity: severityName(d.severity),
        };
        action.command = { command: 'servescope.askAdvisor', title: 'Ask the advisor about this', arguments: [args] };
        return action;
      });
  }
}

function severityName(s: vscode.DiagnosticSeverity): string {
  switch (s) {
    case vscode.DiagnosticSeverity.Error:
      return 'error';
    case vscode.DiagnosticSeverity.Warning:
      return 'warning';
    case vscode.DiagnosticSeverity.Information:
      return 'information';
    default:
      return 'hint';
  }
}
