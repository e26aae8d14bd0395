/**
 * The Hugging Face Hub client: the one network call ServeScope makes, awaited by the
 * CLI's --hub and the server's allowHubFetch, never by an analysis. It lives beside the
 * disk host, outside the core; what it fetched goes into the core's answer cache
 * (`core/capacity/hubAnswers.ts`), which resolution reads synchronously.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { cachedHubAnswer, hubKey, readHubResponse, recordHubAnswer } from './core/capacity/hubAnswers';
import type { ModelResolution } from './core/capacity/types';

/** Minimal GET with a timeout; follows up to 3 redirects (the Hub redirects resolve/ URLs to a CDN). */
function httpGet(url: string, timeoutMs: number, token?: string, redirects = 3): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const lib = url.startsWith('https:') ? https : http;
    const headers: Record<string, string> = { 'user-agent': 'servescope', accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    let timer: NodeJS.Timeout | undefined;
    const done = <T>(f: (v: T) => void) => (v: T) => {
      clearTimeout(timer);
      f(v);
    };
    const req = lib.get(url, { headers }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location && redirects > 0) {
        res.resume();
        clearTimeout(timer);
        const next = new URL(res.headers.location, url);
        // The token goes only to the origin it was meant for, never to the CDN a redirect names.
        const sameOrigin = next.origin === new URL(url).origin;
        httpGet(next.toString(), timeoutMs, sameOrigin ? token : undefined, redirects - 1).then(resolve, reject);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        // A config.json is a few KB; anything huge is not what we asked for.
        if (size > 4 * 1024 * 1024) req.destroy(new Error('response too large'));
        else chunks.push(c);
      });
      res.on('end', done(() => resolve({ status, body: Buffer.concat(chunks).toString('utf8') })));
      res.on('error', done(reject));
    });
    req.on('error', done(reject));
    // One deadline for the whole exchange: an idle-socket timeout alone lets a server that trickles bytes hang us.
    timer = setTimeout(() => req.destroy(new HubTimeout(timeoutMs)), timeoutMs);
  });
}

class HubTimeout extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
  }
}

/** A network failure in words a user can act on. */
function describeNetworkError(e: Error, id: string, endpoint: string, timeoutMs: number): string {
  const code = (e as NodeJS.ErrnoException).code;
  const mirror = 'check the network, or set HF_ENDPOINT to a Hub mirror you can reach';
  if (e instanceof HubTimeout) return `fetching config.json of ${id} from ${endpoint} timed out after ${timeoutMs} ms: ${mirror}`;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ECONNRESET') {
    return `cannot reach the Hugging Face Hub at ${endpoint} (${code}) to fetch config.json of ${id}: ${mirror}`;
  }
  return `fetching config.json of ${id} from ${endpoint} failed: ${e.message}`;
}

/** The Hub endpoint: `HF_ENDPOINT` (a mirror) when set, else huggingface.co. */
export function hubEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return (env.HF_ENDPOINT?.trim() || 'https://huggingface.co').replace(/\/+$/, '');
}

/**
 * Fetches `${endpoint}/${id}/resolve/main/config.json`, reads it and remembers the
 * answer (a config or a refusal) so later resolutions with allowHubFetch find it
 * synchronously. `token` is sent as a bearer token (gated repos). Never throws.
 */
export async function fetchHubConfig(
  id: string,
  endpoint = 'https://huggingface.co',
  opts: { timeoutMs?: number; token?: string } = {},
): Promise<ModelResolution> {
  const base = endpoint.replace(/\/+$/, '');
  const token = opts.token?.trim() || undefined;
  const key = hubKey(id, token ? `${base}#token` : base);
  const hit = cachedHubAnswer(key);
  if (hit) return hit;
  if (!/^[\w.-]+\/[\w.-]+$/.test(id)) return { unknown: `${id} is not a Hugging Face repo id (org/name)` };
  const timeoutMs = opts.timeoutMs ?? 10000;
  try {
    const { status, body } = await httpGet(`${base}/${id}/resolve/main/config.json`, timeoutMs, token);
    const { answer, cache } = readHubResponse(id, base, status, body, !!token);
    if (cache) recordHubAnswer(key, answer);
    return answer;
  } catch (e) {
    // Network failures are not remembered: the next call may succeed.
    return { unknown: describeNetworkError(e as Error, id, base, timeoutMs) };
  }
}
