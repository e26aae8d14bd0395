/**
 * Custom messages between the ServeScope client and server, beyond standard LSP.
 * Both sides import these names and types so they cannot drift.
 */
import type { Detection, FormatId } from '../core/types';

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
