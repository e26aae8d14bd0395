/**
 * Custom messages between the ServeScope client and server, beyond standard LSP.
 * Both sides import these names and types so they cannot drift.
 */
import type { Detection, FormatId } from '../core/types';
import type { PlanInputs, PlanView } from '../core/planner/planView';
import type { ArchitectureProposal, ArchitectureView } from '../core/planner/architecture';

/** Server → client after each analysis: drives the status bar. */
export const DID_ANALYZE = 'servescope/didAnalyze';
export interface DidAnalyzeParams {
  uri: string;
  version: number;
  format: FormatId | null;
  schema: Detection['schema'];
  reason: Detection['reason'];
  detail: string;
  /** One-line capacity summary, e.g. `H100×1 · 58 GiB KV · 476k tokens · 29× @16k`. */
  summary?: string;
  errors: number;
  warnings: number;
  elapsedMs: number;
}

/** Client → server: the user picked a format (or `null` to go back to detection) in the status bar. */
export const SET_FORMAT_OVERRIDE = 'servescope/setFormatOverride';
export interface SetFormatOverrideParams {
  uri: string;
  format: FormatId | null;
}

/** Client → server: the latest analysis facts for a document (for the status bar on editor switch). */
export const DOCUMENT_INFO = 'servescope/documentInfo';
export interface DocumentInfoParams {
  uri: string;
}

/**
 * Client → server: plan capacity for a document (the plan view). Inputs left out are
 * prefilled from the file's `# servescope:` comment and the settings. Not the advisor's
 * `servescope/planCapacity`.
 */
export const PLAN_DOCUMENT = 'servescope/planDocument';
export interface PlanDocumentParams {
  uri: string;
  inputs?: PlanInputs;
}

/** A line/character range, as LSP and VS Code count them. */
export interface LineRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** What "Apply to this file" does for one row: checked edits, or why not. */
export interface PlanApply {
  edits: { range: LineRange; newText: string }[];
  changes: string[];
  manual: string[];
  refused?: string;
}

/** The plan view's data, plus for each row (same order) what Apply would write. */
export interface PlanDocumentResult extends PlanView {
  uri: string;
  /** The document version planned: Apply refuses when the document has moved on. */
  version: number;
  apply: PlanApply[];
}

/**
 * Client → server: the advisor panel's architecture view for a document (plan summary,
 * topology diagram, autoscaling and alert files), at the traffic and SLO the file's
 * `# servescope:` comment or the settings state. Works without an API key.
 */
export const ARCHITECTURE = 'servescope/architecture';
export interface ArchitectureParams {
  uri: string;
}
export interface ArchitectureResult extends Omit<ArchitectureView, 'proposal'> {
  uri: string;
  /** The document version planned: Apply refuses when the document has moved on. */
  version: number;
  /** The recommendation's checked edit, in editor ranges. */
  proposal?: Omit<ArchitectureProposal, 'edits'> & { edits: PlanApply['edits'] };
}
