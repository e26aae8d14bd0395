/**
 * Failures of an advisor turn, as the user sees them. Pure: the SDK-specific
 * mapping lives in anthropicClient.ts, so the conversation loop and the panel
 * never depend on the SDK's classes.
 */

export type AdvisorErrorKind =
  | 'no-key'
  | 'auth'
  | 'permission'
  | 'rate-limit'
  | 'overloaded'
  | 'offline'
  | 'timeout'
  | 'cancelled'
  | 'bad-request'
  | 'not-found'
  | 'server'
  | 'unknown';

/** An error with text that says what happened and what to do about it. */
export class AdvisorError extends Error {
  override readonly name = 'AdvisorError';
  constructor(
    readonly kind: AdvisorErrorKind,
    /** Shown to the user as is: what happened and what to do. */
    readonly userMessage: string,
    readonly detail?: { status?: number; retryAfterS?: number; requestId?: string },
  ) {
    super(userMessage);
  }

  /** Which panel button helps, if any. */
  get action(): 'setApiKey' | 'openSettings' | undefined {
    if (this.kind === 'no-key' || this.kind === 'auth') return 'setApiKey';
    if (this.kind === 'not-found' || this.kind === 'bad-request') return 'openSettings';
    return undefined;
  }
}

export function noKeyError(): AdvisorError {
  return new AdvisorError(
    'no-key',
    'No Anthropic API key is set. Run "ServeScope: Set Anthropic API key" (or set ANTHROPIC_API_KEY before starting VS Code) to use the advisor. The rest of ServeScope works without it.',
  );
}

export function cancelledError(): AdvisorError {
  return new AdvisorError('cancelled', 'Stopped. The answer above is incomplete.');
}

/** Formats seconds as a short human duration for the rate-limit message. */
export function formatWait(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.ceil(seconds))} s`;
  return `${Math.ceil(seconds / 60)} min`;
}
