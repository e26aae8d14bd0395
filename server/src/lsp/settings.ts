/**
 * Settings from the client (`workspace/configuration`, section `servescope`) mapped to
 * the core's typed Settings. Pulled per document resource and cached until the client
 * says configuration changed.
 */
import type { Connection } from 'vscode-languageserver';
import type { FormatId, Settings, Severity } from '../core/types';
import { mergeSettings } from '../core/analyze';

/** Shape of the `servescope.*` configuration as declared in package.json. */
export interface ClientSettings {
  files?: Record<string, string>;
  hardware?: { gpu?: string; count?: number };
  rules?: Record<string, string>;
  workload?: { inputLen?: number; outputLen?: number; concurrency?: number };
  traffic?: { peakRps?: number; avgRps?: number; prefixHitRatio?: number };
  slo?: string;
  gpuPrices?: Record<string, number>;
  models?: { allowHubFetch?: boolean; hubEndpoint?: string };
  versions?: Record<string, string>;
  triton?: { autoCompleteConfig?: boolean };
  limits?: { maxFileBytes?: number; maxAliasExpansions?: number; maxDepth?: number; timeBudgetMs?: number };
}

const FORMATS = new Set(['vllm', 'triton', 'rayserve', 'bentoml']);
const SEVERITIES = new Set(['off', 'hint', 'information', 'warning', 'error']);

export function toSettings(c: ClientSettings | null | undefined): Settings {
  const cs = c ?? {};
  const files: Record<string, FormatId> = {};
  for (const [g, f] of Object.entries(cs.files ?? {})) if (FORMATS.has(f)) files[g] = f as FormatId;
  const rules: Record<string, Severity | 'off'> = {};
  for (const [r, s] of Object.entries(cs.rules ?? {})) if (SEVERITIES.has(s)) rules[r] = s as Severity | 'off';
  return mergeSettings({
    files,
    rules,
    hardware: { gpu: cs.hardware?.gpu || undefined, count: cs.hardware?.count || undefined },
    workload: cleanNumbers(cs.workload) as Settings['workload'],
    traffic: (cleanNumbers(cs.traffic) ?? {}) as Settings['traffic'],
    slo: typeof cs.slo === 'string' && cs.slo.trim() ? cs.slo : undefined,
    gpuPrices: cs.gpuPrices ?? {},
    allowHubFetch: !!cs.models?.allowHubFetch,
    hubEndpoint: cs.models?.hubEndpoint || undefined,
    versions: (cs.versions ?? {}) as Settings['versions'],
    triton: { autoCompleteConfig: cs.triton?.autoCompleteConfig !== false },
    limits: cleanNumbers(cs.limits) as Settings['limits'],
  });
}

function cleanNumbers(o: object | undefined): Record<string, number> | undefined {
  if (!o) return undefined;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(o)) if (typeof v === 'number' && Number.isFinite(v) && v > 0) out[k] = v;
  return out;
}

export class SettingsCache {
  private readonly cache = new Map<string, Promise<Settings>>();
  constructor(
    private readonly connection: Connection,
    private readonly supported: () => boolean,
  ) {}

  get(uri: string): Promise<Settings> {
    if (!this.supported()) return Promise.resolve(toSettings(undefined));
    let p = this.cache.get(uri);
    if (!p) {
      p = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'servescope' })
        .then((c: ClientSettings) => toSettings(c))
        .catch(() => toSettings(undefined));
      this.cache.set(uri, p);
    }
    return p;
  }

  clear(uri?: string): void {
    if (uri) this.cache.delete(uri);
    else this.cache.clear();
  }
}
