/**
 * The architecture section above the advisor's chat: asks the language server for the
 * target config's plan summary, diagram and files (`servescope/architecture`), shows them,
 * and saves a file when its button is pressed. It needs no API key: every number comes
 * from the planner in the server. Pure, behind the session's editor port.
 */
import type { PlanApply } from '../../../server/src/protocol/editor';
import type { AnalysisBridge, ArchitectureDisplay, ExtensionToWebview } from './protocol';
import { withTimeout } from './timeout';
import type { TargetDocument } from './tools';

export interface ArchitecturePort {
  targetDocument(): TargetDocument | undefined;
  post(msg: ExtensionToWebview): void;
  /**
   * Asks where to save `text` (the dialog starts next to the config, named `fileName`)
   * and writes it. Resolves to the path written, or undefined when the user cancelled.
   */
  saveArtifact?(configUri: string, fileName: string, text: string): Promise<string | undefined>;
  /** Applies the edits as one undoable edit if the document is still at `version`. */
  applyEdits?(uri: string, version: number, edits: PlanApply['edits']): Promise<'applied' | 'stale' | 'failed'>;
}

export class ArchitectureSection {
  private display: ArchitectureDisplay = { state: 'none' };
  /** Bumped per request, so a slow answer for a file the user has left cannot overwrite the newer one. */
  private request = 0;
  /** What the last Apply did, shown with the next plan of the same file (the one after the edit). */
  private applied?: { uri: string; ok: boolean; message: string };

  constructor(
    private readonly bridge: AnalysisBridge,
    private readonly port: ArchitecturePort,
    private readonly timeoutMs = 30_000,
  ) {}

  /** What the section shows now (integration tests read it). */
  get current(): ArchitectureDisplay {
    return structuredClone(this.display);
  }

  /** Re-plans the target config; resolves once the answer (or the failure) is shown. */
  async refresh(): Promise<void> {
    const doc = this.port.targetDocument();
    const n = ++this.request;
    if (!doc) return this.show({ state: 'none' });
    this.show({ state: 'loading', fileName: doc.fileName });
    let next: ArchitectureDisplay;
    try {
      const result = await withTimeout(this.bridge.architecture(doc.uri), this.timeoutMs);
      next = { state: 'ready', fileName: doc.fileName, result, saved: {} };
      if (this.applied?.uri === doc.uri) next.applied = { ok: this.applied.ok, message: this.applied.message };
      this.applied = undefined;
    } catch (e) {
      next = { state: 'error', fileName: doc.fileName, message: `The language server did not answer (${e instanceof Error ? e.message : String(e)}).` };
    }
    if (n === this.request) this.show(next);
  }

  /** Re-sends what is showing (the webview asks again when it comes back). */
  repost(): void {
    this.port.post({ type: 'architecture', view: this.display });
  }

  /** Saves the artifact at `index` of the view on screen: the extension's copy, never text from the webview. */
  async save(index: number): Promise<void> {
    const d = this.display;
    if (d.state !== 'ready' || !this.port.saveArtifact) return;
    const artifact = d.result.artifacts[index];
    if (!artifact) return;
    const written = await this.port.saveArtifact(d.result.uri, artifact.fileName, artifact.text);
    if (written === undefined || this.display !== d) return;
    d.saved[index] = written;
    this.repost();
  }

  /**
   * Applies the recommendation on screen: the extension's copy of the server's checked
   * edit, never anything from the webview, and only to the version it was planned for.
   * Then plans the file again, so the view shows what the edited file runs.
   */
  async apply(): Promise<void> {
    const d = this.display;
    if (d.state !== 'ready' || !this.port.applyEdits) return;
    const p = d.result.proposal;
    if (!p) return;
    const say = (ok: boolean, message: string) => {
      if (this.display !== d) return;
      d.applied = { ok, message };
      this.repost();
    };
    if (p.refused) return say(false, `Not applied: ${p.refused}`);
    if (p.edits.length === 0) return say(false, 'Nothing to apply: the file already runs this plan.');
    const outcome = await this.port.applyEdits(d.result.uri, d.result.version, p.edits);
    if (outcome === 'failed') return say(false, 'The editor did not apply the edit.');
    this.applied =
      outcome === 'stale'
        ? { uri: d.result.uri, ok: false, message: 'Not applied: the file changed after it was planned. It has been planned again; check the recommendation and apply again.' }
        : { uri: d.result.uri, ok: true, message: `Applied ${p.label}: ${p.changes.join('; ')}. Undo it in the file (Ctrl+Z).` };
    await this.refresh();
  }

  private show(d: ArchitectureDisplay): void {
    this.display = d;
    this.repost();
  }
}
