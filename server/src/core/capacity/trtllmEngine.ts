/**
 * Reads a built TensorRT-LLM engine's `config.json` (written next to the
 * rank*.engine files by trtllm-build): the model shape under
 * `pretrained_config`, the parallel mapping, and the limits fixed at build time
 * under `build_config`.
 */
import { archFromHfConfig } from './hfConfig';
import type { ModelArch, QuantizationInfo } from './types';
import { dtypeBytes } from './weights';

export interface TrtllmEngine {
  arch: ModelArch;
  tp: number;
  pp: number;
  maxBatchSize?: number;
  maxSeqLen: number;
  tokensPerBlock?: number;
  dtypeBytes: number;
  quant?: QuantizationInfo;
  kvDtypeBytes: number;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);

/** quant_algo spellings of tensorrt_llm.quantization.QuantAlgo → the weight-size model's methods. */
function quantFromAlgo(algo: unknown, groupSize: unknown): QuantizationInfo | undefined {
  if (typeof algo !== 'string' || !algo) return undefined;
  const a = algo.toUpperCase();
  const g = num(groupSize) ?? 128;
  if (a.startsWith('W4A16_AWQ') || a.startsWith('W4A8_AWQ')) return { method: 'awq', bits: 4, groupSize: g };
  if (a.startsWith('W4A16_GPTQ')) return { method: 'gptq', bits: 4, groupSize: g };
  if (a === 'W4A16') return { method: 'int4', bits: 4 };
  if (a.startsWith('W8A16') || a.startsWith('W8A8')) return { method: 'int8', bits: 8 };
  if (a.includes('NVFP4')) return { method: 'nvfp4', bits: 4, groupSize: 16 };
  if (a.startsWith('FP8')) return { method: 'fp8', bits: 8 };
  return { method: a.toLowerCase() };
}

/** Parses the engine config; returns a reason string when it is not one. */
export function engineFromConfigJson(config: unknown, id: string): TrtllmEngine | string {
  const c = obj(config);
  const pre = obj(c.pretrained_config);
  const build = obj(c.build_config);
  if (!Object.keys(pre).length || !Object.keys(build).length) return `${id} is not a TensorRT-LLM engine config (no pretrained_config / build_config)`;
  const hfShaped: Json = {
    architectures: typeof pre.architecture === 'string' ? [pre.architecture] : undefined,
    hidden_size: pre.hidden_size,
    num_hidden_layers: pre.num_hidden_layers,
    num_attention_heads: pre.num_attention_heads,
    num_key_value_heads: pre.num_key_value_heads,
    head_dim: pre.head_size,
    intermediate_size: pre.intermediate_size,
    vocab_size: pre.vocab_size,
    max_position_embeddings: pre.max_position_embeddings,
    torch_dtype: pre.dtype,
    tie_word_embeddings: pre.share_embedding_table === true,
    // Mixtral-style engines: experts under `moe` (num_experts, top_k), or moe_num_experts / moe_top_k in older builds.
    num_local_experts: obj(pre.moe).num_experts ?? pre.moe_num_experts,
    num_experts_per_tok: obj(pre.moe).top_k ?? pre.moe_top_k,
    moe_intermediate_size: pre.moe_intermediate_size,
  };
  const arch = archFromHfConfig(hfShaped, typeof pre.architecture === 'string' ? `${pre.architecture} engine (${id})` : id);
  if (typeof arch === 'string') return arch;
  const q = obj(pre.quantization);
  const quant = quantFromAlgo(q.quant_algo, q.group_size);
  const kvAlgo = typeof q.kv_cache_quant_algo === 'string' ? q.kv_cache_quant_algo.toUpperCase() : '';
  const servedBytes = dtypeBytes(typeof pre.dtype === 'string' ? pre.dtype : undefined);
  const mapping = obj(pre.mapping);
  const plugin = obj(build.plugin_config);
  return {
    arch: { ...arch, quantization: quant },
    tp: num(mapping.tp_size) ?? 1,
    pp: num(mapping.pp_size) ?? 1,
    maxBatchSize: num(build.max_batch_size),
    maxSeqLen: num(build.max_seq_len) ?? arch.maxPositionEmbeddings,
    tokensPerBlock: num(plugin.tokens_per_block),
    dtypeBytes: servedBytes,
    quant,
    kvDtypeBytes: kvAlgo.includes('NVFP4') ? 0.5 : kvAlgo === 'FP8' || kvAlgo === 'INT8' ? 1 : servedBytes,
  };
}
