/**
 * The offline model catalog (`data/models.json`, a source per row): ids, aliases and
 * quantized-build suffixes resolved to a ModelArch without touching the disk.
 */
import modelsJson from './data/models.json';
import type { ModelArch, QuantizationInfo } from './types';

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
    /** Llama 4: every n-th layer is MoE; the others are dense MLPs of dense_intermediate_size. */
    interleave_moe_layer_step?: number;
    dense_intermediate_size?: number;
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
        moeLayerStep: raw.moe.interleave_moe_layer_step,
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
    intermediateSize: raw.moe?.dense_intermediate_size ?? raw.intermediate_size ?? 4 * raw.hidden_size,
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

export function findInCatalog(id: string): ModelArch | undefined {
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
