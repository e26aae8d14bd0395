/** The status bar item: detected format of the active editor, click to change it. */
import * as vscode from 'vscode';
import type { DidAnalyzeParams } from '../../server/src/protocol/editor';

const LABELS: Record<string, string> = { vllm: 'vLLM', triton: 'Triton', rayserve: 'Ray Serve', bentoml: 'BentoML' };

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('servescope.format', vscode.StatusBarAlignment.Right, 100);
  /** Last text shown, for tests. */
  text = '';

  constructor() {
    this.item.name = 'ServeScope format';
    this.item.command = 'servescope.selectFormat';
  }

  update(p: DidAnalyzeParams): void {
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    if (active && active !== p.uri) return;
    const label = p.format ? LABELS[p.format] : 'not a serving config';
    this.text = `ServeScope: ${label}${p.summary ? ` · ${p.summary}` : ''}`;
    this.item.text = `$(server-process) ${this.text}`;
    const how = p.reason === 'none' ? p.detail : `detected by ${p.reason}: ${p.detail}`;
    this.item.tooltip = new vscode.MarkdownString(
      `**ServeScope** — ${label}${p.schema && p.format ? ` (\`${p.schema}\`)` : ''}\n\n${how}\n\n${p.errors} error(s), ${p.warnings} warning(s) · analysed in ${p.elapsedMs} ms\n\nClick to choose the format.`,
    );
    this.item.show();
  }

  hide(): void {
    this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
