/**
 * The plan view's logic behind a small port (ask the server, apply edits, post to
 * the webview), so it is tested without an editor: what each webview message does,
 * which result is shown when requests overlap, and what Apply tells the user.
 */
import type { PlanInputs } from '../../../server/src/core/planner/planView';
import type { PlanApply, PlanDocumentResult } from '../../../server/src/protocol/editor';
import { parsePlanMessage, type PlanExtensionToWebview } from './messages';

export interface PlanPort {
  /** `servescope/planDocument` for the document. */
  plan(uri: string, inputs: PlanInputs): Promise<PlanDocumentResult>;
  /** Applies the edits as one WorkspaceEdit when the document is still at `version`. */
  applyEdits(uri: string, version: number, edits: PlanApply['edits']): Promise<'applied' | 'stale' | 'failed'>;
  post(msg: PlanExtensionToWebview): void;
}

export class PlanSession {
  private inputs: PlanInputs = {};
  private last: PlanDocumentResult | undefined;
  private seq = 0;

  constructor(
    private readonly port: PlanPort,
    private uri: string,
    private fileName: string,
  ) {}

  /** The document the view plans; switching keeps the inputs the user typed. */
  retarget(uri: string, fileName: string): void {
    this.uri = uri;
    this.fileName = fileName;
    this.last = undefined;
  }

  get documentUri(): string {
    return this.uri;
  }

  /** The result on screen (integration tests read it). */
  get result(): PlanDocumentResult | undefined {
    return this.last;
  }

  async handleMessage(raw: unknown): Promise<void> {
    const m = parsePlanMessage(raw);
    if (!m) return;
    if (m.type === 'ready') return this.refresh();
    if (m.type === 'plan') {
      this.inputs = m.inputs;
      return this.refresh();
    }
    return this.apply(m.row);
  }

  /** Plans again (after a document edit or new inputs); only the newest answer is shown. */
  async refresh(): Promise<void> {
    const mine = ++this.seq;
    this.port.post({ type: 'busy', fileName: this.fileName });
    try {
      const result = await this.port.plan(this.uri, this.inputs);
      if (mine !== this.seq) return;
      this.last = result;
      this.port.post({ type: 'result', fileName: this.fileName, result });
    } catch (err) {
      if (mine !== this.seq) return;
      this.last = undefined;
      this.port.post({ type: 'error', fileName: this.fileName, message: `ServeScope could not plan ${this.fileName}: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  private async apply(row: number): Promise<void> {
    const r = this.last;
    const a = r?.apply[row];
    if (!r || !a) return this.port.post({ type: 'applied', row, ok: false, message: 'Plan first: there is no plan on screen to apply.' });
    const byHand = a.manual.length ? ` By hand: ${a.manual.join('; ')}.` : '';
    if (a.refused) return this.port.post({ type: 'applied', row, ok: false, message: `Not applied: ${a.refused}.${byHand}` });
    if (!a.edits.length) return this.port.post({ type: 'applied', row, ok: true, message: `This file already says what the plan needs.${byHand}` });
    const outcome = await this.port.applyEdits(r.uri, r.version, a.edits);
    if (outcome === 'stale') {
      this.port.post({ type: 'applied', row, ok: false, message: 'Not applied: the file changed since this plan was made. Planning again…' });
      return this.refresh();
    }
    if (outcome === 'failed') return this.port.post({ type: 'applied', row, ok: false, message: 'The editor did not apply the edit.' });
    this.port.post({ type: 'applied', row, ok: true, message: `Applied to ${this.fileName}: ${a.changes.join(', ')}.${byHand}` });
    await this.refresh();
  }
}
