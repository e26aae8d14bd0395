/**
 * The architecture section above the advisor's chat: asks the language server for the
 * target config's plan summary, diagram and files (`servescope/architecture`), shows them,
 * and saves a file when its button is pressed. It needs no API key: every number comes
 * from the planner in the server. Pure, behind the session's editor port.
 */
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
}

export class ArchitectureSection {
  private display: ArchitectureDisplay = { state: 'none' };
  /** Bumped per request, so a slow answer for a file the user has left cannot overwrite the newer one. */
  private request = 0;

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

  private show(d: ArchitectureDisplay): void {
    this.display = d;
    this.repost();
  }
}
