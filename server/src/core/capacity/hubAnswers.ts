/**
 * What the Hugging Face Hub said about models: the answers `server/src/hubClient.ts`
 * fetched (the network stays outside the core), kept so that resolution reads them
 * synchronously, and the pure reading of a Hub response into a model resolution.
 */
import { archFromHfConfig, type Json } from './hfConfig';
import type { ModelResolution } from './types';

const hubCache = new Map<string, ModelResolution>();

/** The cache key of `id` at `endpoint` (with `#token` when a token was sent: a refusal without one says nothing about the answer with one). */
export function hubKey(id: string, endpoint: string): string {
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

export function cachedHubAnswer(key: string): ModelResolution | undefined {
  return hubCache.get(key);
}

export function recordHubAnswer(key: string, answer: ModelResolution): void {
  hubCache.set(key, answer);
}

/** Forgets fetched Hub configs (tests). */
export function clearHubCache(): void {
  hubCache.clear();
}

/**
 * A Hub response for `${base}/${id}/resolve/main/config.json` read as a resolution, and
 * whether to remember it: refusals and configs are final, server trouble may pass.
 */
export function readHubResponse(id: string, base: string, status: number, body: string, withToken: boolean): { answer: ModelResolution; cache: boolean } {
  if (status === 401 || status === 403) {
    return {
      cache: true,
      answer: {
        unknown: withToken
          ? `the Hub refused ${id} (HTTP ${status}) although HF_TOKEN was sent: the repo is gated or private; accept its licence on the model page with the account the token belongs to, or use a token with read access`
          : `the Hub refused ${id} (HTTP ${status}): the repo is gated or private; set HF_TOKEN to a Hugging Face access token that can read it`,
      },
    };
  }
  if (status === 404) return { cache: true, answer: { unknown: `the Hub at ${base} has no repo ${id} with a config.json (HTTP 404): check the id's spelling` } };
  if (status !== 200) return { cache: false, answer: { unknown: `the Hub at ${base} answered HTTP ${status} for config.json of ${id}` } };
  let cfg: unknown;
  try {
    cfg = JSON.parse(body);
  } catch {
    return { cache: false, answer: { unknown: `the Hub at ${base} sent a config.json for ${id} that is not JSON` } };
  }
  if (!cfg || typeof cfg !== 'object' || Array.isArray(cfg)) return { cache: false, answer: { unknown: `the Hub at ${base} sent a config.json for ${id} that is not a JSON object` } };
  const arch = archFromHfConfig(cfg as Json, id);
  return { cache: true, answer: typeof arch === 'string' ? { unknown: arch } : { arch: { ...arch, source: `${base}/${id}/resolve/main/config.json` }, origin: 'hub' } };
}
