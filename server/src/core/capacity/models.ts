/**
 * Model resolution: catalog → local path → local Hugging Face cache → (opt-in)
 * Hub config already fetched by `fetchHubConfig`. Also turns a `config.json`
 * (Llama, Qwen, Mistral, Mixtral, Gemma 2/3, Phi, DeepSeek MLA/MoE, gpt-oss, OPT
 * shapes, multimodal `text_config`) into a ModelArch.
 *
 * Synchronous on purpose: hovers and rules call it on the hot path. The only
 * network access lives in `fetchHubConfig`, which callers await elsewhere.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as http from 'node:http';
import * as https from 'node:https';
import modelsJson from './data/models.json';
import type { ModelArch, ModelResolution, QuantizationInfo } from './types';

// ---------------------------------------------------------------------------
// Catalog

interface RawModel {
  id: string;
  aliases?: string[];
  architecture?: string;
  params_total?: number;
  params_active?: number;
  torch_dtype?: string;
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  num_key_value_heads?: number;
  head_dim?: number;
  intermediate_size?: number;
  vocab_size: number;
  max_position_embeddings?: number;
  tie_word_embeddings?: boolean;
  sliding_window?: number | null;
  sliding_layers?: number;
  full_layers?: number;
  mla?: { kv_lora_rank: number; qk_rope_head_dim: number; q_lora_rank?: number | null; qk_nope_head_dim?: number; v_head_dim?: number };
  moe?: {
    num_experts: number;
    experts_per_token: number;
    moe_intermediate_size?: number;
    shared_experts?: number;
    shared_intermediate_size?: number;
    first_k_dense_replace?: number;
  };
  quantization?: { method: string; bits?: number; group_size?: number; experts_only?: boolean; unquantized_layers?: number } | null;
  vision?: { params?: number } | null;
  weights_bytes?: number;
  rope_positions?: number;
  source?: string;
}

/** Converts one catalog row (snake_case JSON) into a ModelArch. */
export function archFromCatalogEntry(raw: RawModel): ModelArch {
  const heads = raw.num_attention_heads;
  const moe = raw.moe
    ? {
        numExperts: raw.moe.num_experts,
        expertsPerToken: raw.moe.experts_per_token,
        moeIntermediateSize: raw.moe.moe_intermediate_size ?? raw.intermediate_size ?? 0,
        sharedExperts: raw.moe.shared_experts,
        sharedIntermediateSize: raw.moe.shared_intermediate_size,
        firstKDenseReplace: raw.moe.first_k_dense_replace,
      }
    : undefined;
  const q = raw.quantization
    ? {
        method: raw.quantization.method,
        bits: raw.quantization.bits,
        groupSize: raw.quantization.group_size,
        expertsOnly: raw.quantization.experts_only,
        unquantizedLayers: raw.quantization.unquantized_layers,
      }
    : undefined;
  return {
    id: raw.id,
    architecture: raw.architecture,
    paramsTotal: raw.params_total,
    paramsActive: raw.params_active,
    torchDtype: raw.torch_dtype ?? 'bfloat16',
    hiddenSize: raw.hidden_size,
    numLayers: raw.num_hidden_layers,
    numHeads: heads,
    numKvHeads: raw.num_key_value_heads ?? heads,
    headDim: raw.head_dim ?? Math.floor(raw.hidden_size / heads),
    intermediateSize: raw.intermediate_size ?? 4 * raw.hidden_size,
    vocabSize: raw.vocab_size,
    // 0 = unknown: the estimate then asks for max_model_len instead of guessing a context length.
    maxPositionEmbeddings: raw.max_position_embeddings ?? 0,
    tieWordEmbeddings: raw.tie_word_embeddings ?? false,
    slidingWindow: raw.sliding_window ?? null,
    slidingLayers: raw.sliding_layers,
    fullLayers: raw.full_layers,
    mla: raw.mla
      ? {
          kvLoraRank: raw.mla.kv_lora_rank,
          qkRopeHeadDim: raw.mla.qk_rope_head_dim,
          qLoraRank: raw.mla.q_lora_rank,
          qkNopeHeadDim: raw.mla.qk_nope_head_dim,
          vHeadDim: raw.mla.v_head_dim,
        }
      : undefined,
    moe,
    quantization: q,
    visionParams: raw.vision?.params,
    weightsBytes: raw.weights_bytes,
    ropePositions: raw.rope_positions,
    source: raw.source,
  };
}

let catalogCache: { arch: ModelArch; keys: string[] }[] | undefined;

/** The bundled model catalog, parsed once. */
export function modelCatalog(): ModelArch[] {
  return catalogIndex().map((e) => e.arch);
}

function catalogIndex(): { arch: ModelArch; keys: string[] }[] {
  if (!catalogCache) {
    const raw = (modelsJson as unknown as { models?: RawModel[] }).models ?? [];
    catalogCache = raw
      .filter((m) => m && typeof m.id === 'string' && m.hidden_size > 0 && m.num_hidden_layers > 0)
      .map((m) => ({ arch: archFromCatalogEntry(m), keys: [m.id, ...(m.aliases ?? [])].map((k) => k.toLowerCase()) }));
  }
  return catalogCache;
}

/** Quantization suffixes that describe the variant well enough to derive it from the base model. */
const QUANT_SUFFIXES: { re: RegExp; q: QuantizationInfo }[] = [
  { re: /[-_.](awq|awq-int4|int4-awq)$/i, q: { method: 'awq', bits: 4, groupSize: 128 } },
  { re: /[-_.]gptq[-_]int4$/i, q: { method: 'gptq', bits: 4, groupSize: 128 } },
  { re: /[-_.]gptq[-_]int8$/i, q: { method: 'gptq', bits: 8, groupSize: 128 } },
  { re: /[-_.]gptq$/i, q: { method: 'gptq', bits: 4, groupSize: 128 } },
  { re: /[-_.]fp8([-_]dynamic)?$/i, q: { method: 'fp8', bits: 8 } },
  { re: /[-_.](quantized\.)?w8a8$/i, q: { method: 'compressed-tensors', bits: 8 } },
  { re: /[-_.](quantized\.)?w8a8[-_]fp8$/i, q: { method: 'fp8', bits: 8 } },
  { re: /[-_.](quantized\.)?w4a16$/i, q: { method: 'compressed-tensors', bits: 4, groupSize: 128 } },
  { re: /[-_.]bnb[-_]4bit$/i, q: { method: 'bitsandbytes', bits: 4, groupSize: 64 } },
  { re: /[-_.]nvfp4$/i, q: { method: 'nvfp4', bits: 4, groupSize: 16 } },
];

function findInCatalog(id: string): ModelArch | undefined {
  const key = id.toLowerCase();
  const idx = catalogIndex();
  const direct = idx.find((e) => e.keys.includes(key));
  if (direct) return direct.arch;
  // Same repo name under another org (mirrors such as unsloth/…, RedHatAI/…).
  const name = key.split('/').pop() ?? key;
  const byName = idx.find((e) => e.keys.some((k) => (k.split('/').pop() ?? k) === name));
  if (byName) return byName.arch;
  for (const { re, q } of QUANT_SUFFIXES) {
    if (!re.test(name)) continue;
    const baseName = name.replace(re, '');
    const base = idx.find((e) => e.keys.some((k) => (k.split('/').pop() ?? k) === baseName));
    if (base && !base.arch.quantization) return { ...base.arch, id, quantization: q, weightsBytes: undefined };
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// config.json → ModelArch

type Json = Record<string, unknown>;

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Reads quantization_config (AWQ, GPTQ, fp8, compressed-tensors, mxfp4, modelopt, bitsandbytes). */
export function quantFromConfig(qc: unknown): QuantizationInfo | undefined {
  if (!qc || typeof qc !== 'object') return undefined;
  const c = qc as Json;
  const method = String(c.quant_method ?? c.quant_algo ?? '').toLowerCase();
  if (!method) return undefined;
  if (method === 'awq' || method === 'gptq' || method === 'awq_marlin' || method === 'gptq_marlin') {
    return { method: method.replace('_marlin', ''), bits: num(c.bits) ?? num(c.w_bit) ?? 4, groupSize: num(c.group_size) ?? num(c.q_group_size) ?? 128 };
  }
  if (method === 'fp8') return { method: 'fp8', bits: 8 };
  // Meta's FP8 checkpoints (fbgemm) quantize only the MLPs; attention stays 16-bit.
  if (method === 'fbgemm_fp8') return { method: 'fbgemm_fp8', bits: 8 };
  if (method === 'mxfp4') return { method: 'mxfp4', bits: 4, groupSize: 32, expertsOnly: true };
  if (method === 'bitsandbytes') return { method: 'bitsandbytes', bits: c.load_in_8bit ? 8 : 4, groupSize: 64 };
  if (method === 'modelopt' || method === 'modelopt_fp4') {
    const algo = String((c.quantization as Json | undefined)?.quant_algo ?? c.quant_algo ?? '').toUpperCase();
    return algo.includes('FP4') ? { method: 'nvfp4', bits: 4, groupSize: 16 } : { method: 'fp8', bits: 8 };
  }
  if (method === 'compressed-tensors') {
    const groups = (c.config_groups ?? {}) as Record<string, Json>;
    const first = Object.values(groups)[0];
    const w = (first?.weights ?? {}) as Json;
    const bits = num(w.num_bits) ?? 8;
    const fmt = String(c.format ?? '');
    if (fmt.includes('nvfp4')) return { method: 'nvfp4', bits: 4, groupSize: 16 };
    return { method: bits === 8 && w.type === 'float' ? 'fp8' : 'compressed-tensors', bits, groupSize: num(w.group_size) ?? undefined };
  }
  return { method, bits: num(c.bits) };
}

/** Builds a ModelArch from a Hugging Face `config.json` object. Returns a reason string when the shape is not a decoder LM. */
export function archFromHfConfig(config: Json, id: string): ModelArch | string {
  const top = config;
  const text = (config.text_config && typeof config.text_config === 'object' ? config.text_config : {}) as Json;
  const pick = (...keys: string[]): unknown => {
    for (const k of keys) if (text[k] !== undefined && text[k] !== null) return text[k];
    for (const k of keys) if (top[k] !== undefined && top[k] !== null) return top[k];
    return undefined;
  };
  const modelType = String(pick('model_type') ?? '').toLowerCase();
  const arch = Array.isArray(top.architectures) ? String(top.architectures[0]) : undefined;
  const hidden = num(pick('hidden_size', 'n_embd', 'd_model'));
  const layers = num(pick('num_hidden_layers', 'n_layer', 'num_layers'));
  const heads = num(pick('num_attention_heads', 'n_head'));
  const vocab = num(pick('vocab_size'));
  if (!hidden || !layers || !heads || !vocab) return `config.json of ${id} lacks hidden_size/num_hidden_layers/num_attention_heads/vocab_size`;
  const kvHeads = num(pick('num_key_value_heads', 'multi_query_group_num')) ?? heads;
  const headDim = num(pick('head_dim')) ?? Math.floor(hidden / heads);
  const maxPos = num(pick('max_position_embeddings', 'n_positions', 'max_sequence_length', 'seq_length')) ?? 2048;

  const expertCount = num(pick('num_local_experts', 'n_routed_experts', 'num_experts'));
  const perTok = num(pick('num_experts_per_tok', 'num_experts_per_token', 'moe_topk'));
  const moeInter = num(pick('moe_intermediate_size'));
  const inter = num(pick('intermediate_size', 'ffn_dim', 'n_inner')) ?? 4 * hidden;
  const moe =
    expertCount && expertCount > 1 && perTok
      ? {
          numExperts: expertCount,
          expertsPerToken: perTok,
          moeIntermediateSize: moeInter ?? inter,
          sharedExperts: num(pick('n_shared_experts')) ?? (num(pick('shared_expert_intermediate_size')) ? 1 : undefined),
          sharedIntermediateSize: num(pick('shared_expert_intermediate_size')),
          firstKDenseReplace: num(pick('first_k_dense_replace')),
          moeLayerStep: num(pick('decoder_sparse_step')),
        }
      : undefined;

  const kvLora = num(pick('kv_lora_rank'));
  const mla = kvLora
    ? {
        kvLoraRank: kvLora,
        qkRopeHeadDim: num(pick('qk_rope_head_dim')) ?? 64,
        qLoraRank: num(pick('q_lora_rank')) ?? null,
        qkNopeHeadDim: num(pick('qk_nope_head_dim')),
        vHeadDim: num(pick('v_head_dim')),
      }
    : undefined;

  // Sliding windows: explicit layer_types (gpt-oss, Gemma 3 new configs), Gemma 3 pattern, Gemma 2 alternation, Mistral all-layer.
  let slidingWindow = num(pick('sliding_window')) ?? null;
  let slidingLayers: number | undefined;
  let fullLayers: number | undefined;
  const layerTypes = pick('layer_types');
  const useSw = pick('use_sliding_window');
  if (Array.isArray(layerTypes) && slidingWindow) {
    slidingLayers = layerTypes.filter((t) => String(t).includes('sliding')).length;
    fullLayers = layerTypes.length - slidingLayers;
  } else if (modelType.startsWith('gemma3') && slidingWindow) {
    const pattern = num(pick('sliding_window_pattern')) ?? 6;
    fullLayers = Math.floor(layers / pattern);
    slidingLayers = layers - fullLayers;
  } else if (modelType === 'gemma2' && slidingWindow) {
    slidingLayers = Math.ceil(layers / 2);
    fullLayers = layers - slidingLayers;
  } else if (useSw === false || modelType.startsWith('qwen')) {
    // Qwen configs carry a sliding_window value that is off unless use_sliding_window is true.
    if (useSw !== true) slidingWindow = null;
  }
  if (slidingWindow && slidingWindow >= maxPos) slidingWindow = null;

  const tieDefault = modelType.startsWith('gemma') || modelType === 'opt';
  const tie = typeof pick('tie_word_embeddings') === 'boolean' ? Boolean(pick('tie_word_embeddings')) : tieDefault;
  const dtype = String(pick('torch_dtype', 'dtype') ?? 'bfloat16');
  const rope = pick('rope_scaling') as Json | undefined;
  const ropeFactor = rope && typeof rope === 'object' ? num(rope.factor) : undefined;
  const origPos = rope && typeof rope === 'object' ? num(rope.original_max_position_embeddings) : undefined;
  const ropeType = rope && typeof rope === 'object' ? String(rope.rope_type ?? rope.type ?? '') : '';
  // vLLM sizes the cos/sin cache as original × factor for yarn/dynamic scaling, max_position_embeddings otherwise.
  const ropePositions = ropeType === 'yarn' && ropeFactor && origPos ? origPos * ropeFactor : maxPos;

  let visionParams: number | undefined;
  const vc = top.vision_config as Json | undefined;
  if (vc && typeof vc === 'object') {
    const vh = num(vc.hidden_size) ?? num(vc.embed_dim);
    const vl = num(vc.num_hidden_layers) ?? num(vc.depth);
    const vi = num(vc.intermediate_size) ?? (vh ? 4 * vh : undefined);
    if (vh && vl && vi) visionParams = vl * (4 * vh * vh + 2 * vh * vi);
  }

  return {
    id,
    architecture: arch,
    torchDtype: dtype,
    hiddenSize: hidden,
    numLayers: layers,
    numHeads: heads,
    numKvHeads: mla ? heads : kvHeads,
    headDim: mla ? (mla.qkNopeHeadDim ?? 128) + mla.qkRopeHeadDim : headDim,
    intermediateSize: inter,
    vocabSize: vocab,
    maxPositionEmbeddings: maxPos,
    tieWordEmbeddings: tie,
    slidingWindow,
    slidingLayers,
    fullLayers,
    mla,
    moe,
    quantization: quantFromConfig(pick('quantization_config') ?? top.quantization_config),
    visionParams,
    ropePositions,
    source: id,
  };
}

// ---------------------------------------------------------------------------
// Resolution

export interface ResolveModelOptions {
  /** Directory that holds `hub/` (defaults to $HF_HOME or ~/.cache/huggingface). */
  hfHome?: string;
  /** Base directory for relative local paths (the config file's folder). */
  baseDir?: string;
  /** Use configs previously fetched from the Hub by `fetchHubConfig`. */
  allowHubFetch?: boolean;
  /** Skip the filesystem (tests, browser). */
  noFilesystem?: boolean;
}

function readJson(file: string): Json | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
  } catch {
    return undefined;
  }
}

function defaultHfHome(): string {
  return process.env.HF_HOME ?? path.join(os.homedir(), '.cache', 'huggingface');
}

/** Finds `config.json` of a repo in the local Hugging Face cache (newest snapshot). */
export function findInHfCache(id: string, hfHome: string = defaultHfHome()): string | undefined {
  if (!/^[\w.-]+\/[\w.-]+$/.test(id)) return undefined;
  const hubDir = process.env.HF_HUB_CACHE && hfHome === defaultHfHome() ? process.env.HF_HUB_CACHE : path.join(hfHome, 'hub');
  const snapshots = path.join(hubDir, `models--${id.replace('/', '--')}`, 'snapshots');
  let entries: string[];
  try {
    entries = fs.readdirSync(snapshots);
  } catch {
    return undefined;
  }
  const candidates = entries
    .map((e) => path.join(snapshots, e, 'config.json'))
    .filter((f) => fs.existsSync(f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return candidates[0];
}

const hubCache = new Map<string, ModelResolution>();

function hubKey(id: string, endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}|${id.toLowerCase()}`;
}

/**
 * Resolves a model id, alias or local path to its architecture, without
 * network access. Order: catalog, local directory's config.json, local HF
 * cache, then configs already fetched from the Hub (only with allowHubFetch).
 */
export function resolveModel(idOrPath: string | undefined, opts: ResolveModelOptions = {}): ModelResolution {
  if (!idOrPath || !idOrPath.trim()) return { unknown: 'no model was given: set `model`' };
  const id = idOrPath.trim();
  const fromCatalog = findInCatalog(id);
  if (fromCatalog) return { arch: fromCatalog, origin: 'catalog' };

  if (!opts.noFilesystem) {
    const looksLocal = id.startsWith('/') || id.startsWith('.') || id.startsWith('~') || /^[A-Za-z]:[\\/]/.test(id);
    const localDir = id.startsWith('~') ? path.join(os.homedir(), id.slice(1)) : path.resolve(opts.baseDir ?? process.cwd(), id);
    if (looksLocal || fs.existsSync(path.join(localDir, 'config.json'))) {
      const cfg = readJson(path.join(localDir, 'config.json'));
      if (cfg) {
        const arch = archFromHfConfig(cfg, id);
        return typeof arch === 'string' ? { unknown: arch } : { arch, origin: 'local' };
      }
      if (looksLocal) return { unknown: `no readable config.json in local path ${id}` };
    }
    const cached = findInHfCache(id, opts.hfHome ?? defaultHfHome());
    if (cached) {
      const cfg = readJson(cached);
      if (cfg) {
        const arch = archFromHfConfig(cfg, id);
        return typeof arch === 'string' ? { unknown: arch } : { arch, origin: 'hf-cache' };
      }
    }
  }

  if (opts.allowHubFetch) {
    let refused: ModelResolution | undefined;
    for (const [key, value] of hubCache) {
      if (!key.endsWith(`|${id.toLowerCase()}`)) continue;
      if ('arch' in value) return value;
      refused ??= value;
    }
    // The Hub's own answer (gated, missing) says more than "not fetched".
    return refused ?? { unknown: `${id} is not in the catalog or the local Hugging Face cache; its config.json has not been fetched from the Hub yet` };
  }
  return {
    unknown: `${id} is not in the model catalog, not a local path with config.json, and not in the local Hugging Face cache (download its config.json with "huggingface-cli download ${id} config.json", in the editor turn on servescope.models.allowHubFetch, or on the command line pass --hub to fetch it from the Hugging Face Hub)`,
  };
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
