/**
 * GPU catalog: loads `data/gpus.json` and resolves the many spellings a GPU goes
 * by (catalog ids, nvidia-smi names, Ray accelerator types, BentoML gpu types)
 * to one entry.
 */
import gpusJson from './data/gpus.json';
import type { GpuSpec } from './types';

interface RawGpu {
  id: string;
  names?: string[];
  vendor?: string;
  arch?: string;
  compute_capability?: number;
  memory_gib: number;
  /** Total memory as torch.cuda reports it (what vLLM budgets against), when a log showed it. */
  torch_total_gib?: number;
  memory_gb_marketing?: number;
  bandwidth_gbs: number;
  tflops?: Record<string, number | null | undefined>;
  matmul_bf16_tflops_measured?: number;
  interconnect?: { type: string; bandwidth_gbs: number; p2p?: boolean };
  price_usd_hour?: number | null;
}

/** Turns one raw catalog row (snake_case JSON) into a GpuSpec. */
export function gpuFromCatalogEntry(raw: RawGpu): GpuSpec {
  const tflops: GpuSpec['tflops'] = {};
  for (const [k, v] of Object.entries(raw.tflops ?? {})) {
    if (typeof v === 'number' && v > 0) (tflops as Record<string, number>)[k] = v;
  }
  return {
    id: raw.id,
    names: raw.names ?? [],
    vendor: raw.vendor ?? 'nvidia',
    arch: raw.arch,
    computeCapability: typeof raw.compute_capability === 'number' ? raw.compute_capability : undefined,
    // vLLM multiplies gpu_memory_utilization by torch's total, which is a little below
    // nvidia-smi's; use it where a startup log gave it.
    memoryGib: raw.torch_total_gib ?? raw.memory_gib,
    memoryGbMarketing: raw.memory_gb_marketing,
    bandwidthGbs: raw.bandwidth_gbs,
    tflops,
    ...(typeof raw.matmul_bf16_tflops_measured === 'number' && raw.matmul_bf16_tflops_measured > 0 ? { matmulBf16TflopsMeasured: raw.matmul_bf16_tflops_measured } : {}),
    interconnect: raw.interconnect
      ? { type: raw.interconnect.type, bandwidthGbs: raw.interconnect.bandwidth_gbs, ...(raw.interconnect.p2p === false ? { p2p: false } : {}) }
      : undefined,
    priceUsdHour: raw.price_usd_hour ?? undefined,
  };
}

let defaultCatalog: GpuSpec[] | undefined;

/** The bundled GPU catalog, parsed once. */
export function gpuCatalog(): GpuSpec[] {
  if (!defaultCatalog) {
    const raw = (gpusJson as unknown as { gpus?: RawGpu[] }).gpus ?? [];
    defaultCatalog = raw.filter((g) => g && typeof g.id === 'string' && g.memory_gib > 0).map(gpuFromCatalogEntry);
  }
  return defaultCatalog;
}

/**
 * Normalises a GPU spelling so `NVIDIA H100 80GB HBM3`, `h100-80gb`,
 * `nvidia-h100-80gb` (BentoML) and `H100` (Ray) compare equal where they should.
 */
export function normalizeGpuName(name: string): string {
  let s = name.toLowerCase();
  s = s.replace(/\b(nvidia|tesla|geforce|amd|instinct|radeon)\b/g, ' ');
  // BentoML/GKE spell memory as 80gb, Ray as 80G; unify to "<n>gb".
  s = s.replace(/(\d+)\s*(gib|gb|g)\b/g, '$1gb');
  return s.replace(/[^a-z0-9]+/g, '');
}

/** Every key a catalog entry answers to, strongest first. */
function keysOf(gpu: GpuSpec): { exact: string[]; soft: string[] } {
  const exact = new Set<string>([normalizeGpuName(gpu.id), ...gpu.names.map(normalizeGpuName)]);
  const soft = new Set<string>();
  const parts = gpu.id.split(/[-_ ]+/);
  const base = normalizeGpuName(parts[0] ?? gpu.id);
  const mem = gpu.memoryGbMarketing ?? Math.round(gpu.memoryGib * 1.0737);
  soft.add(base);
  soft.add(`${base}${mem}gb`);
  // "H100-SXM-80GB" also answers to "h100sxm" and "h100 sxm5".
  if (parts.length > 1) soft.add(normalizeGpuName(parts.slice(0, 2).join('')));
  for (const n of gpu.names) {
    const stripped = normalizeGpuName(n.replace(/\b(hbm\d?e?|pcie|sxm\d?|nvl|gddr\d)\b/gi, ''));
    soft.add(stripped);
  }
  return { exact: [...exact], soft: [...soft] };
}

/** Form factors preferred when a bare name (e.g. Ray's `H100`) matches several entries. */
function preference(gpu: GpuSpec): number {
  const id = gpu.id.toLowerCase();
  if (id.includes('sxm')) return 0;
  if (id.includes('pcie')) return 2;
  return 1;
}

/**
 * Finds a GPU by catalog id, nvidia-smi name, Ray accelerator type or BentoML
 * gpu type; case-, space- and dash-insensitive. Returns undefined when nothing
 * matches (callers report which setting to set).
 */
export function resolveGpu(nameOrId: string | undefined, catalog: GpuSpec[] = gpuCatalog()): GpuSpec | undefined {
  if (!nameOrId) return undefined;
  const key = normalizeGpuName(nameOrId);
  if (!key) return undefined;
  const exact = catalog.find((g) => keysOf(g).exact.includes(key));
  if (exact) return exact;
  const soft = catalog.filter((g) => keysOf(g).soft.includes(key));
  if (soft.length > 0) return [...soft].sort((a, b) => preference(a) - preference(b))[0];
  // Ray's "A100-80G"/"A100-40G" and names with extra words: prefix match on exact keys.
  if (key.length < 4) return undefined;
  const prefix = catalog.filter((g) => keysOf(g).exact.some((k) => k.length >= 4 && (k.startsWith(key) || key.startsWith(k))));
  if (prefix.length > 0) return [...prefix].sort((a, b) => preference(a) - preference(b))[0];
  return undefined;
}

/**
 * Hourly price of one GPU: a settings override (keyed by catalog id or any name
 * that resolves to it) beats the catalog's typical price.
 */
export function gpuPrice(
  gpu: GpuSpec,
  overrides: Record<string, number> = {},
  catalog: GpuSpec[] = gpuCatalog(),
): { usdPerHour: number | null; source: 'setting' | 'catalog' | 'unknown' } {
  for (const [name, price] of Object.entries(overrides)) {
    if (typeof price !== 'number' || !(price >= 0)) continue;
    if (name === gpu.id || resolveGpu(name, catalog)?.id === gpu.id) return { usdPerHour: price, source: 'setting' };
  }
  if (typeof gpu.priceUsdHour === 'number') return { usdPerHour: gpu.priceUsdHour, source: 'catalog' };
  return { usdPerHour: null, source: 'unknown' };
}
