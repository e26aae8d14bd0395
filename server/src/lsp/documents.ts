/**
 * The analysis store: one Analysis per open document version, computed once and
 * shared by diagnostics, hover, completion, code actions and the custom requests.
 * Edits are coalesced: when several changes arrive before analysis runs, only the
 * newest version is analysed, and results for stale versions are never published.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../core/analyze';
import type { Analysis } from '../core/analysis';
import { createYamlParseCache, type YamlParseCache } from '../core/parse/yamlIncremental';
import type { FormatId, Settings } from '../core/types';
import { readsTouched, recordingHost, type HostReads } from '../core/host';
import { DISK_HOST } from '../diskHost';

/** The open documents as the analysis side sees them (the server's TextDocuments, or the worker's copies). */
export interface OpenDocuments {
  get(uri: string): TextDocument | undefined;
}

/** Where request handlers are registered: the LSP connection, or the analysis session's method table. */
export interface RequestRegistry {
  onRequest(method: string, handler: (params: never) => unknown): unknown;
}

export interface Entry {
  version: number;
  analysis: Analysis;
}

export class AnalysisStore {
  private readonly entries = new Map<string, Entry>();
  private readonly overrides = new Map<string, FormatId | null>();
  /** Parsed YAML blocks per open document, so an edit re-parses only what it touched. */
  private readonly parseCaches = new Map<string, YamlParseCache>();
  /** What each document's newest analysis read through the host, so a change to one of those files re-analyses it. */
  private readonly reads = new Map<string, HostReads>();

  constructor(
    private readonly settingsFor: (uri: string) => Promise<Settings>,
    private readonly relativePath: (uri: string) => string | undefined,
  ) {}

  /** The analysis of exactly this version, computing it if needed. */
  async get(doc: TextDocument): Promise<Analysis> {
    const e = this.entries.get(doc.uri);
    if (e && e.version === doc.version) return e.analysis;
    const settings = await this.settingsFor(doc.uri);
    const again = this.entries.get(doc.uri);
    if (again && again.version === doc.version) return again.analysis;
    const analysis = this.compute(doc, settings);
    this.entries.set(doc.uri, { version: doc.version, analysis });
    return analysis;
  }

  /** Cached analysis if it matches the version; never computes. */
  peek(uri: string, version?: number): Analysis | undefined {
    const e = this.entries.get(uri);
    if (!e || (version !== undefined && e.version !== version)) return undefined;
    return e.analysis;
  }

  compute(doc: TextDocument, settings: Settings): Analysis {
    const recorded = recordingHost(DISK_HOST);
    this.reads.set(doc.uri, recorded.reads);
    return analyze({
      uri: doc.uri,
      text: doc.getText(),
      languageId: doc.languageId,
      relativePath: this.relativePath(doc.uri),
      settings,
      override: this.overrides.get(doc.uri) ?? null,
      previous: this.entries.get(doc.uri)?.analysis.detection,
      parseCache: this.parseCache(doc.uri),
      host: recorded.host,
    });
  }

  private parseCache(uri: string): YamlParseCache {
    let c = this.parseCaches.get(uri);
    if (!c) this.parseCaches.set(uri, (c = createYamlParseCache()));
    return c;
  }

  setOverride(uri: string, format: FormatId | null): void {
    if (format) this.overrides.set(uri, format);
    else this.overrides.delete(uri);
    this.entries.delete(uri);
  }

  invalidate(uri?: string): void {
    if (uri) this.entries.delete(uri);
    else this.entries.clear();
  }

  /** Documents whose analysis read one of these files (paths), or listed the directory one was created in or deleted from. */
  readersOf(files: string[]): string[] {
    return [...this.reads].filter(([, r]) => files.some((f) => readsTouched(r, f))).map(([uri]) => uri);
  }

  close(uri: string): void {
    this.entries.delete(uri);
    this.reads.delete(uri);
    this.parseCaches.delete(uri);
  }
}
