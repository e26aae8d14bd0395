/**
 * Messages between the plan view's webview and the extension. The webview is
 * untrusted input: everything it posts is validated here before it reaches the
 * language server or the editor.
 */
import type { PlanInputs } from '../../../server/src/core/planner/planView';
import type { PlanDocumentResult } from '../../../server/src/protocol/editor';

export type PlanWebviewToExtension =
  | { type: 'ready' }
  /** Plan again with these inputs (blank fields left out: the file and the settings fill them). */
  | { type: 'plan'; inputs: PlanInputs }
  /** Apply row `row` of the last result to the file. */
  | { type: 'apply'; row: number };

export type PlanExtensionToWebview =
  | { type: 'busy'; fileName: string }
  | { type: 'result'; fileName: string; result: PlanDocumentResult }
  /** Something went wrong outside the planner (no file, the server failed): shown instead of the table. */
  | { type: 'error'; fileName?: string; message: string }
  | { type: 'applied'; row: number; ok: boolean; message: string };

const NUMBER_FIELDS = ['peakRps', 'avgRps', 'inputLen', 'outputLen'] as const;
const TEXT_FIELDS = ['preset', 'slo', 'gpu'] as const;
/** Longer text is not an SLO or a GPU name; refuse it rather than pass it on. */
const MAX_TEXT = 500;

/** The message when it is one the view may send, else undefined. Numbers must be finite; empty text means "not given". */
export function parsePlanMessage(raw: unknown): PlanWebviewToExtension | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const m = raw as Record<string, unknown>;
  if (m.type === 'ready') return { type: 'ready' };
  if (m.type === 'apply') return Number.isInteger(m.row) && (m.row as number) >= 0 ? { type: 'apply', row: m.row as number } : undefined;
  if (m.type !== 'plan' || !m.inputs || typeof m.inputs !== 'object') return undefined;
  const src = m.inputs as Record<string, unknown>;
  const inputs: PlanInputs = {};
  for (const k of NUMBER_FIELDS) {
    const v = src[k];
    if (v === undefined || v === null || v === '') continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
    inputs[k] = v;
  }
  for (const k of TEXT_FIELDS) {
    const v = src[k];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string' || v.length > MAX_TEXT) return undefined;
    if (v.trim()) inputs[k] = v.trim();
  }
  return { type: 'plan', inputs };
}
