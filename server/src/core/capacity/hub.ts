/**
 * The Hugging Face Hub: fetching a model's config.json (`fetchHubConfig`, the only
 * network access of the capacity model, awaited by the CLI's --hub and the server's
 * allowHubFetch), and the cache of its answers that resolution reads synchronously.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { archFromHfConfig, type Json } from './hfConfig';
import type { ModelResolution } from './types';

const hubCache = new Map<string, ModelResolution>();

function hubKey(id: string, endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}|${id.toLowerCase()}`;
}

/** What the Hub said about `id` at any endpoint: the config when one was fetched, else its refusal. */
export function hubAnswer(id: string): ModelResolution | undefined {
  let refused: ModelResolution | undefined;
  for (const [key, value] of hubCache) {
    if (!key.endsWith(`|${id.toLowerCase()}`)) continue;
    if ('arch' in value) return value;
    refused ??= value;
  }
  return refused;
}

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
 * Fetches `${endpoint}/${id}/resolve/main/config.json`, parses it and caches the
 * result (success or failure) so later `resolveModel` calls with allowHubFetch
 * find it synchronously. `token` is sent as a bearer token (gated repos). Never throws.
 */
export async function fetchHubConfig(
  id: string,
  endpoint = 'https://huggingface.co',
  opts: { timeoutMs?: number; token?: string } = {},
): Promise<ModelResolution> {
  const base = endpoint.replace(/\/+$/, '');
  const token = opts.token?.trim() || undefined;
  // A refusal without a token says nothing about the answer with one.
  const key = hubKey(id, token ? `${base}#token` : base);
  const hit = hubCache.get(key);
  if (hit) return hit;
  if (!/^[\w.-]+\/[\w.-]+$/.test(id)) return { unknown: `${id} is not a Hugging Face repo id (org/name)` };
  const timeoutMs = opts.timeoutMs ?? 10000;
  const url = `${base}/${id}/resolve/main/config.json`;
  let result: ModelResolution;
  try {
    const { status, body } = await httpGet(url, timeoutMs, token);
    if (status === 401 || status === 403) {
      result = {
        unknown: token
          ? `the Hub refused ${id} (HTTP ${status}) although HF_TOKEN was sent: the repo is gated or private; accept its licence on the model page with the account the token belongs to, or use a token with read access`
          : `the Hub refused ${id} (HTTP ${status}): the repo is gated or private; set HF_TOKEN to a Hugging Face access token that can read it`,
      };
    } else if (status === 404) result = { unknown: `the Hub at ${base} has no repo ${id} with a config.json (HTTP 404): check the id's spelling` };
    else if (status !== 200) {
      // Server trouble may pass: not cached.
      return { unknown: `the Hub at ${base} answered HTTP ${status} for config.json of ${id}` };
    } else {
      let cfg: unknown;
      try {
        cfg = JSON.parse(body);
      } catch {
        return { unknown: `the Hub at ${base} sent a config.json for ${id} that is not JSON` };
      }
      if (!cfg || typeof cfg !== 'object' || Array.isArray(cfg)) return { unknown: `the Hub at ${base} sent a config.json for ${id} that is not a JSON object` };
      const arch = archFromHfConfig(cfg as Json, id);
      result = typeof arch === 'string' ? { unknown: arch } : { arch: { ...arch, source: `${base}/${id}/resolve/main/config.json` }, origin: 'hub' };
    }
  } catch (e) {
    // Network failures are not cached: the next call may succeed.
    return { unknown: describeNetworkError(e as Error, id, base, timeoutMs) };
  }
  hubCache.set(key, result);
  return result;
}

/** Forgets fetched Hub configs (tests). */
export function clearHubCache(): void {
  hubCache.clear();
}
