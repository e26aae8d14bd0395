/**
 * Contracts of the advisor on the client side: `AnalysisBridge`, which the
 * extension host implements over the custom LSP requests of
 * server/src/protocol/advisor.ts (re-exported here for the advisor's modules),
 * and the typed messages between the webview and the extension.
 *
 * This module is pure data and validators: it imports neither `vscode` nor the
 * LSP libraries, so the server, the webview bundle and the tests can all use it.
 */

import type { AdvisorContext, AdvisorFinding, CheckResult, PlanCapacityInput, PlanCapacityResult, WhatIf } from '../../../server/src/protocol/advisor';
import type { ArchitectureResult } from '../../../server/src/protocol/editor';

export * from '../../../server/src/protocol/advisor';

// ---------------------------------------------------------------------------
// Analysis bridge: what the advisor needs from ServeScope's core.

/** What the advisor needs from ServeScope's analysis core. */
export interface AnalysisBridge {
  /** Compact grounded context for the active document: format, ServingPlan summary, findings, estimates, hardware. */
  context(uri: string): Promise<AdvisorContext>;
  /** Runs the capacity engine on the current plan with overrides. */
  estimate(uri: string, whatIf: WhatIf): Promise<unknown>;
  /** Analyzes candidate text as if it were the document at uri. */
  check(uri: string, text: string): Promise<CheckResult>;
  /** Runs the SLA capacity planner for the document's model at the given traffic and SLO. */
  planCapacity(uri: string, ask: PlanCapacityInput): Promise<PlanCapacityResult>;
  /** The architecture view above the chat: plan summary, diagram, files to save (no API key needed). */
  architecture(uri: string): Promise<ArchitectureResult>;
}

// ---------------------------------------------------------------------------
// Webview ⇄ extension messages.

/** Commands the webview may ask the extension to run (an allow-list). */
export const WEBVIEW_COMMANDS = ['setApiKey', 'openSettings', 'planCapacity'] as const;
export type WebviewCommand = (typeof WEBVIEW_COMMANDS)[number];

/** Messages the webview sends. Every one is validated by `parseWebviewMessage`. */
export type WebviewToExtension =
  | { type: 'ready' }
  | { type: 'send'; text: string }
  | { type: 'stop' }
  | { type: 'newConversation' }
  | { type: 'apply'; proposalId: string }
  | { type: 'discard'; proposalId: string }
  | { type: 'command'; command: WebviewCommand }
  /** Save the architecture view's artifact at this index (of the view the extension last sent). */
  | { type: 'saveArtifact'; index: number }
  /** Apply the architecture view's recommendation (the extension's copy of the server's checked edit). */
  | { type: 'applyArchitecture' };

/** At most this many artifacts are offered; the index a webview sends is checked against it. */
export const MAX_ARTIFACTS = 8;

/** Longest question the panel accepts; longer pastes belong in the file. */
export const MAX_QUESTION_CHARS = 20_000;

/**
 * Validates a message from the webview. The webview runs model-authored
 * markdown (sanitised), so the extension treats whatever it receives as
 * untrusted and accepts only these exact shapes.
 */
export function parseWebviewMessage(raw: unknown): WebviewToExtension | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string') return undefined;
  const keys = Object.keys(raw);
  const only = (...allowed: string[]) => keys.every((k) => k === 'type' || allowed.includes(k));
  switch (raw.type) {
    case 'ready':
    case 'stop':
    case 'newConversation':
    case 'applyArchitecture':
      return only() ? { type: raw.type } : undefined;
    case 'send':
      return only('text') && typeof raw.text === 'string' && raw.text.trim() !== '' && raw.text.length <= MAX_QUESTION_CHARS
        ? { type: 'send', text: raw.text }
        : undefined;
    case 'apply':
    case 'discard':
      return only('proposalId') && typeof raw.proposalId === 'string' && /^[A-Za-z0-9-]{1,64}$/.test(raw.proposalId)
        ? { type: raw.type, proposalId: raw.proposalId }
        : undefined;
    case 'command':
      return only('command') && (WEBVIEW_COMMANDS as readonly unknown[]).includes(raw.command)
        ? { type: 'command', command: raw.command as WebviewCommand }
        : undefined;
    case 'saveArtifact':
      // An index only: the text saved is the extension's own copy, never what the webview sends.
      return only('index') && Number.isInteger(raw.index) && (raw.index as number) >= 0 && (raw.index as number) < MAX_ARTIFACTS
        ? { type: 'saveArtifact', index: raw.index as number }
        : undefined;
    default:
      return undefined;
  }
}

/** One entry of the transcript the panel shows (not the API history). */
export type DisplayItem =
  | { kind: 'user'; text: string }
  | { kind: 'assistant'; text: string; status?: 'streaming' | 'done' | 'cancelled' | 'error' }
  | { kind: 'tool'; text: string; isError?: boolean }
  | { kind: 'notice'; text: string; level: 'info' | 'error'; action?: WebviewCommand; actionLabel?: string }
  | { kind: 'proposal'; proposal: ProposalView };

/** A line of a unified diff. */
export interface DiffLine {
  op: ' ' | '+' | '-';
  text: string;
  /** 1-based line in the old text (for ' ' and '-'). */
  oldLine?: number;
  /** 1-based line in the new text (for ' ' and '+'). */
  newLine?: number;
}

export interface DiffHunk {
  header: string;
  lines: DiffLine[];
}

export interface EstimateChange {
  key: string;
  before: string;
  after: string;
}

/** What the panel shows for a proposed edit. */
export interface ProposalView {
  id: string;
  fileName: string;
  rationale: string;
  hunks: DiffHunk[];
  /** Findings the edit resolves / introduces (warnings only: new errors are refused). */
  resolved: AdvisorFinding[];
  introduced: AdvisorFinding[];
  estimateChanges: EstimateChange[];
  summaryBefore?: string;
  summaryAfter?: string;
  state: 'pending' | 'applied' | 'discarded' | 'stale';
}

/** Messages the extension sends to the webview. */
export type ExtensionToWebview =
  | { type: 'state'; items: DisplayItem[]; busy: boolean; hasKey: boolean; model: string }
  | { type: 'append'; item: DisplayItem }
  | { type: 'delta'; text: string }
  | { type: 'busy'; busy: boolean }
  | { type: 'proposalState'; id: string; state: ProposalView['state'] }
  | { type: 'architecture'; view: ArchitectureDisplay };

/**
 * What the architecture section shows: nothing open, waiting for the server, the
 * server's answer for `fileName` (with the artifacts saved so far), or why it failed.
 */
export type ArchitectureDisplay =
  | { state: 'none' }
  | { state: 'loading'; fileName: string }
  | { state: 'ready'; fileName: string; result: ArchitectureResult; saved: Record<number, string>; applied?: { ok: boolean; message: string } }
  | { state: 'error'; fileName: string; message: string };

/** Light validation on the webview side: the extension is trusted, but a shape slip should not throw. */
export function isExtensionMessage(raw: unknown): raw is ExtensionToWebview {
  if (!isRecord(raw) || typeof raw.type !== 'string') return false;
  switch (raw.type) {
    case 'state':
      return Array.isArray(raw.items) && typeof raw.busy === 'boolean';
    case 'append':
      return isRecord(raw.item) && typeof raw.item.kind === 'string';
    case 'delta':
      return typeof raw.text === 'string';
    case 'busy':
      return typeof raw.busy === 'boolean';
    case 'proposalState':
      return typeof raw.id === 'string' && typeof raw.state === 'string';
    case 'architecture':
      return isRecord(raw.view) && typeof raw.view.state === 'string';
    default:
      return false;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
