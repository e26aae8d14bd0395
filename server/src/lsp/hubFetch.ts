/**
 * `servescope.models.allowHubFetch` in the editor: after an analysis whose estimate
 * could not resolve its model, the config.json is fetched from the Hugging Face Hub
 * (`servescope.models.hubEndpoint` or `HF_ENDPOINT`, `HF_TOKEN` for gated repos) and
 * the open documents are analysed again, now resolving it from the fetched facts or
 * showing the Hub's refusal. The analysis itself stays synchronous and offline; this
 * adapter only orchestrates the one network call the core offers.
 */
import type { Analysis } from '../core/analysis';
import { fetchHubConfig, hubEndpoint } from '../hubClient';

/** Network failures are not cached by fetchHubConfig: do not retry an id more often than this. */
const RETRY_MS = 60_000;
const REPO_ID = /^[\w.-]+\/[\w.-]+$/;

export function createHubFetcher(onFetched: () => void, env: NodeJS.ProcessEnv = process.env) {
  const inFlight = new Set<string>();
  const lastTry = new Map<string, number>();
  return (a: Analysis): void => {
    if (!a.settings.allowHubFetch) return;
    const endpoint = (a.settings.hubEndpoint ?? hubEndpoint(env)).replace(/\/+$/, '');
    if (!/^https?:\/\/[^/\s]+/i.test(endpoint)) return;
    const token = env.HF_TOKEN?.trim() || env.HUGGING_FACE_HUB_TOKEN?.trim() || undefined;
    for (const pe of a.estimates) {
      const id = typeof pe.input?.model === 'string' ? pe.input.model.trim() : undefined;
      if (!id || !REPO_ID.test(id) || !pe.estimate?.unknown?.some((u) => u.what === 'model')) continue;
      const key = `${endpoint}|${id}`;
      if (inFlight.has(key) || Date.now() - (lastTry.get(key) ?? -Infinity) < RETRY_MS) continue;
      inFlight.add(key);
      lastTry.set(key, Date.now());
      void fetchHubConfig(id, endpoint, { token }).then(() => {
        inFlight.delete(key);
        onFetched();
      });
    }
  };
}
