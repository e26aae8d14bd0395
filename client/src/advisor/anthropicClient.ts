/**
 * The advisor's only door to the Anthropic API, and the only module that
 * imports `@anthropic-ai/sdk`. It streams a message with tools through
 * `client.messages.stream(...)` and turns every SDK failure into an
 * `AdvisorError` whose text says what happened and what to do.
 */
import Anthropic, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from '@anthropic-ai/sdk';
import { AdvisorError, cancelledError, formatWait } from './errors';
import type { ModelClient, ModelRequest, ModelResponse, TextBlock, ToolUseBlock } from './conversation';

export interface AnthropicClientOptions {
  /** Never logged, never sent anywhere but the API's auth header. */
  apiKey: string;
  /** Empty/undefined: the SDK's default endpoint. */
  baseURL?: string;
  model: string;
  maxTokens?: number;
  /** Per request; a chat answer that takes longer is more likely stuck than slow. */
  timeoutMs?: number;
  /** Kept low: a user is waiting, and the panel can tell them to retry. */
  maxRetries?: number;
}

/** Creates the model client the conversation loop talks to. */
export function createAnthropicModelClient(opts: AnthropicClientOptions): ModelClient {
  const client = new Anthropic({
    apiKey: opts.apiKey,
    baseURL: opts.baseURL && opts.baseURL.trim() !== '' ? opts.baseURL.trim() : 'https://api.anthropic.com',
    maxRetries: opts.maxRetries ?? 1,
    timeout: opts.timeoutMs ?? 120_000,
    // The SDK would otherwise log through console, where request details could end up in logs.
    logLevel: 'off',
    fetch: impatientFetch(globalThis.fetch),
  });
  const model = opts.model;
  const maxTokens = opts.maxTokens ?? 4096;

  return {
    async stream(request: ModelRequest, onText: (delta: string) => void, signal: AbortSignal): Promise<ModelResponse> {
      if (signal.aborted) throw cancelledError();
      try {
        const stream = client.messages.stream(
          {
            model,
            max_tokens: maxTokens,
            system: request.system,
            messages: request.messages,
            tools: request.tools,
            tool_choice: { type: request.toolChoice },
          },
          { signal },
        );
        stream.on('text', (delta) => onText(delta));
        const message = await stream.finalMessage();
        const content: (TextBlock | ToolUseBlock)[] = [];
        for (const block of message.content) {
          if (block.type === 'text') content.push({ type: 'text', text: block.text });
          else if (block.type === 'tool_use') content.push({ type: 'tool_use', id: block.id, name: block.name, input: block.input });
        }
        return { content, stopReason: message.stop_reason };
      } catch (err) {
        throw toAdvisorError(err, signal);
      }
    },
  };
}

/** Maps an SDK (or fetch) failure to what the user should read. */
export function toAdvisorError(err: unknown, signal?: AbortSignal): AdvisorError {
  if (err instanceof AdvisorError) return err;
  if (err instanceof APIUserAbortError || signal?.aborted) return cancelledError();
  if (err instanceof APIConnectionTimeoutError) {
    return new AdvisorError('timeout', 'The Anthropic API did not answer in time. Check your connection and try again; a shorter question may help.');
  }
  if (err instanceof APIConnectionError) {
    return new AdvisorError(
      'offline',
      'Could not reach the Anthropic API (offline, blocked by a proxy, or a wrong servescope.advisor.baseUrl). Check your connection and try again.',
    );
  }
  if (err instanceof AuthenticationError) {
    return new AdvisorError(
      'auth',
      'The Anthropic API rejected the API key (401). Run "ServeScope: Set Anthropic API key" to enter a valid key.',
      statusDetail(err),
    );
  }
  if (err instanceof PermissionDeniedError) {
    return new AdvisorError('permission', 'This API key is not allowed to use the configured model (403). Check the key\'s workspace or choose another model in servescope.advisor.model.', statusDetail(err));
  }
  if (err instanceof RateLimitError) {
    const retryAfterS = retryAfterSeconds(err.headers);
    const when = retryAfterS !== undefined ? `Try again in ${formatWait(retryAfterS)}.` : 'Wait a minute and try again.';
    return new AdvisorError('rate-limit', `The Anthropic API is rate-limiting this key (429). ${when}`, { ...statusDetail(err), retryAfterS });
  }
  if (err instanceof NotFoundError) {
    return new AdvisorError('not-found', 'The API does not know the configured model or endpoint (404). Check servescope.advisor.model and servescope.advisor.baseUrl.', statusDetail(err));
  }
  if (err instanceof BadRequestError) {
    return new AdvisorError('bad-request', `The API refused the request (400): ${apiMessage(err)}. Start a new conversation; if it persists, check servescope.advisor.model.`, statusDetail(err));
  }
  if (err instanceof APIError) {
    const type = errorType(err);
    if (err.status === 529 || type === 'overloaded_error') {
      return new AdvisorError('overloaded', 'The Anthropic API is overloaded right now. Try again in a little while.', statusDetail(err));
    }
    if (err.status === undefined && type === undefined) {
      // The stream ended without a status: the connection broke mid-answer.
      return new AdvisorError('offline', 'The connection to the Anthropic API was lost while the answer was streaming. Check your connection and ask again.');
    }
    return new AdvisorError('server', `The Anthropic API returned an error${err.status ? ` (${err.status})` : ''}: ${apiMessage(err)}. Try again shortly.`, statusDetail(err));
  }
  if (isNetworkFailure(err)) {
    return new AdvisorError('offline', 'The connection to the Anthropic API was lost while the answer was streaming. Check your connection and ask again.');
  }
  return new AdvisorError('unknown', `The advisor failed unexpectedly: ${String((err as Error)?.message ?? err)}`);
}

function statusDetail(err: APIError): { status?: number; requestId?: string } {
  return { status: typeof err.status === 'number' ? err.status : undefined, requestId: err.requestID ?? undefined };
}

function errorType(err: APIError): string | undefined {
  const body = err.error as { error?: { type?: unknown }; type?: unknown } | undefined;
  const t = body?.error?.type ?? body?.type;
  return typeof t === 'string' ? t : undefined;
}

function apiMessage(err: APIError): string {
  const body = err.error as { error?: { message?: unknown } } | undefined;
  const m = body?.error?.message;
  return typeof m === 'string' ? m : err.message;
}

/** Longest server-requested wait the SDK may sit through before its one retry; a longer one is reported to the user instead. */
const MAX_SILENT_RETRY_WAIT_S = 5;

/**
 * Wraps fetch so a 429/529 asking for a long wait is not retried: the SDK honours
 * `x-should-retry: false`, and the user reads "try again in N" instead of watching
 * a spinner for a minute.
 */
function impatientFetch(base: typeof globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    const res = await base(input, init);
    if (res.status !== 429 && res.status !== 529) return res;
    const wait = retryAfterSeconds(res.headers);
    if (wait === undefined || wait <= MAX_SILENT_RETRY_WAIT_S) return res;
    const headers = new Headers(res.headers);
    headers.set('x-should-retry', 'false');
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  };
}

/** Seconds from `retry-after-ms` or `retry-after` (seconds or an HTTP date). */
export function retryAfterSeconds(headers: Headers | undefined): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms && !Number.isNaN(Number(ms))) return Number(ms) / 1000;
  const ra = headers?.get('retry-after');
  if (!ra) return undefined;
  const s = Number(ra);
  if (!Number.isNaN(s)) return s;
  const at = Date.parse(ra);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
}

/** undici reports a body cut short as TypeError('terminated') or a socket error, not as an SDK class. */
function isNetworkFailure(err: unknown): boolean {
  const e = err as { message?: unknown; cause?: { code?: unknown } } | undefined;
  const msg = typeof e?.message === 'string' ? e.message : '';
  const code = typeof e?.cause?.code === 'string' ? e.cause.code : '';
  return /terminated|socket|ECONNRESET|other side closed|network/i.test(msg) || /^(ECONNRESET|UND_ERR_SOCKET|EPIPE|ECONNREFUSED)$/.test(code);
}
