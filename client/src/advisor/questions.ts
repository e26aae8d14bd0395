/**
 * The questions the editor's entry points ask, and validation of what the user
 * or another extension passes in. Pure, so it is unit-tested without VS Code.
 */

/** Arguments of `servescope.askAdvisor` (from the code action, or none from the palette). */
export interface AskAdvisorArgs {
  uri: string;
  /** 1-based. */
  line: number;
  code: string;
  message: string;
  severity?: string;
}

/** Validates command arguments: commands can be invoked by any extension or a keybinding. */
export function parseAskArgs(raw: unknown): AskAdvisorArgs | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const a = raw as Record<string, unknown>;
  if (typeof a.uri !== 'string' || typeof a.code !== 'string' || typeof a.message !== 'string') return undefined;
  if (typeof a.line !== 'number' || !Number.isInteger(a.line) || a.line < 1) return undefined;
  return {
    uri: a.uri,
    line: a.line,
    code: a.code.slice(0, 200),
    message: a.message.slice(0, 2000),
    severity: typeof a.severity === 'string' ? a.severity : undefined,
  };
}

/** The question asked for a diagnostic. The message is quoted as data, it comes from the file's analysis. */
export function questionForFinding(a: AskAdvisorArgs): string {
  return [
    `ServeScope reports ${a.severity ? `a ${a.severity} ` : ''}\`${a.code}\` on line ${a.line}: "${a.message}"`,
    'Explain what it means for this deployment and what I should change. If a change to the file is the fix, propose it.',
  ].join('\n');
}

export interface TrafficTargets {
  requestsPerS: number;
  inputLen: number;
  outputLen: number;
  p95TtftMs?: number;
  p95TpotMs?: number;
}

/** The question that starts a sizing conversation. */
export function sizingQuestion(t: TrafficTargets): string {
  const targets = [
    t.p95TtftMs !== undefined ? `p95 time to first token ≤ ${t.p95TtftMs} ms` : undefined,
    t.p95TpotMs !== undefined ? `p95 time per output token ≤ ${t.p95TpotMs} ms` : undefined,
  ].filter(Boolean);
  return [
    `Size this deployment for my traffic: ${t.requestsPerS} requests/s, ${t.inputLen} input tokens and ${t.outputLen} output tokens per request${targets.length ? `, with ${targets.join(' and ')}` : ''}.`,
    'Use plan_capacity to find the GPU type, GPUs per replica (tensor parallel size) and number of replicas that meet the targets at the lowest cost, with headroom.',
    'Then recommend the load-balancing strategy and the autoscaling signal and bounds, list what to monitor, draw the architecture as a text diagram, and propose the edit to this file if it needs one.',
  ].join('\n');
}

/** Input-box validation; exported for tests. */
export function validateNumber(v: string, kind: 'rate' | 'int' | 'optional'): string | undefined {
  const t = v.trim();
  if (t === '') return kind === 'optional' ? undefined : 'A value is required.';
  const n = Number(t);
  if (!Number.isFinite(n) || n <= 0) return 'Enter a positive number.';
  if (kind === 'int' && !Number.isInteger(n)) return 'Enter a whole number of tokens.';
  return undefined;
}
