/**
 * A Hugging Face `config.json` read into a ModelArch (Llama, Qwen, Mistral, Mixtral,
 * Gemma 2/3, Phi, DeepSeek MLA/MoE, gpt-oss, OPT shapes, multimodal `text_config`),
 * and its quantization_config into the weight-size model's methods. Pure.
 */
import type { ModelArch, QuantizationInfo } from './types';

// ---------------------------------------------------------------------------
// config.json → ModelArch

export type Json = Record<string, unknown>;

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
  const expertInter = num(pick('intermediate_size', 'ffn_dim', 'n_inner')) ?? 4 * hidden;
  // Llama 4: intermediate_size is the expert's width, the dense layers between MoE layers use intermediate_size_mlp,
  // and every MoE layer adds one shared expert the config does not mention (transformers Llama4TextMoe.shared_expert).
  const llama4 = modelType.startsWith('llama4');
  const inter = num(pick('intermediate_size_mlp')) ?? expertInter;
  const moe =
    expertCount && expertCount > 1 && perTok
      ? {
          numExperts: expertCount,
          expertsPerToken: perTok,
          moeIntermediateSize: moeInter ?? expertInter,
          sharedExperts: num(pick('n_shared_experts')) ?? (num(pick('shared_expert_intermediate_size')) || llama4 ? 1 : undefined),
          sharedIntermediateSize: num(pick('shared_expert_intermediate_size')),
          firstKDenseReplace: num(pick('first_k_dense_replace')),
          moeLayerStep: num(pick('decoder_sparse_step', 'interleave_moe_layer_step')),
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
