/**
 * `--hub` for `estimate` and `plan`: a model that is neither in the catalog nor on
 * disk is resolved by fetching its config.json from the Hugging Face Hub
 * (`HF_ENDPOINT` for a mirror, `HF_TOKEN` for gated repos). The fetch is the only
 * asynchronous step of the CLI; everything after it runs on the fetched facts.
 */
import { resolveModel } from '../core/capacity/models';
import { fetchHubConfig, hubEndpoint } from '../hubClient';
import type { ResolveModelOptions } from '../core/capacity/models';

export interface HubOptions {
  env?: NodeJS.ProcessEnv;
  /** Per-request deadline; `SERVESCOPE_HUB_TIMEOUT_MS` overrides the 10 s default. */
  timeoutMs?: number;
}

/**
 * Makes `id` resolvable with the returned model options: nothing to fetch when the
 * catalog, a local path or the local Hugging Face cache already knows it. Returns
 * the reason when the Hub cannot supply it.
 */
export async function prepareHubModel(
  id: string,
  baseDir: string | undefined,
  opts: HubOptions = {},
): Promise<{ ok: true; models: ResolveModelOptions } | { ok: false; message: string }> {
  const env = opts.env ?? process.env;
  const local = resolveModel(id, { baseDir });
  if ('arch' in local) return { ok: true, models: {} };
  const fromEnv = Number(env.SERVESCOPE_HUB_TIMEOUT_MS);
  const timeoutMs = opts.timeoutMs ?? (Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 10000);
  const token = env.HF_TOKEN?.trim() || env.HUGGING_FACE_HUB_TOKEN?.trim() || undefined;
  const endpoint = hubEndpoint(env);
  if (!/^https?:\/\/[^/\s]+/i.test(endpoint)) return { ok: false, message: `HF_ENDPOINT must be an http(s) URL such as https://huggingface.co (got "${endpoint}")` };
  const r = await fetchHubConfig(id.trim(), endpoint, { timeoutMs, token });
  if ('unknown' in r) return { ok: false, message: r.unknown };
  return { ok: true, models: { allowHubFetch: true } };
}
