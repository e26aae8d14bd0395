/**
 * How `vllm serve --config` reads keys: vLLM turns each YAML key into `--key`, and
 * its argument parser treats `-` and `_` alike, so `tensor-parallel-size` and
 * `tensor_parallel_size` are the same argument. Boolean flags declared with
 * BooleanOptionalAction also accept `no-<flag>`, and JSON-valued arguments accept
 * dotted sub-keys (`compilation_config.cudagraph_mode`).
 */
import { loadSchema, type JsonSchema } from '../schema/registry';
import type { KeyMapping } from '../schema/value';
import { distance } from 'fastest-levenshtein';

interface KeyTable {
  props: Record<string, JsonSchema>;
}

let table: KeyTable | undefined;

function keys(): KeyTable {
  if (!table) {
    let props: Record<string, JsonSchema> = {};
    try {
      props = (loadSchema('vllm').properties ?? {}) as Record<string, JsonSchema>;
    } catch {
      // No schema on disk: detection simply won't claim vLLM files.
    }
    table = { props };
  }
  return table;
}

export function canonical(key: string): string {
  return key.trim().replace(/^--/, '').replace(/-/g, '_');
}

/** Maps a top-level key to its canonical argument path. */
export function mapVllmKey(raw: string, path: readonly string[]): KeyMapping | undefined {
  if (path.length) return undefined;
  const { props } = keys();
  const key = canonical(raw);
  if (props[key]) return { path: [key] };
  if (key.startsWith('no_')) {
    const base = key.slice(3);
    if (props[base]?.['x-negatable']) return { path: [base], negate: true };
  }
  const dot = key.indexOf('.');
  if (dot > 0) {
    const head = key.slice(0, dot);
    if (props[head]?.['x-json']) return { path: [head, ...raw.slice(raw.indexOf('.') + 1).split('.')] };
  }
  return { path: [key] };
}

export function isVllmKey(raw: string): boolean {
  const m = mapVllmKey(raw, []);
  return !!m && !!keys().props[m.path[0]];
}

/** A key that is probably a vLLM argument misspelt or half typed. */
export function isNearVllmKey(raw: string): boolean {
  const key = canonical(raw);
  if (key.length < 4) return false;
  for (const name of Object.keys(keys().props)) {
    if (name.startsWith(key)) return true;
    if (Math.abs(name.length - key.length) <= 2 && distance(name, key) <= 2) return true;
  }
  return false;
}

/** Renders a canonical name the way this file spells its keys (dashes or underscores). */
export function spellerFor(rawKeys: string[]): (canonicalName: string) => string {
  const dashed = rawKeys.filter((k) => k.includes('-')).length;
  const under = rawKeys.filter((k) => k.includes('_')).length;
  return dashed > under ? (k) => k.replace(/_/g, '-') : (k) => k;
}

/**
 * Names people carry over from other servers (TGI, SGLang, Triton) or guess; edit
 * distance alone would suggest the wrong argument for them (max_seq_len → max_log_len).
 */
export const VLLM_SYNONYMS: Record<string, string> = {
  max_seq_len: 'max_model_len',
  max_sequence_length: 'max_model_len',
  max_context_length: 'max_model_len',
  context_length: 'max_model_len',
  max_model_length: 'max_model_len',
  seq_len: 'max_model_len',
  max_input_length: 'max_model_len',
  max_total_tokens: 'max_model_len',
  tp: 'tensor_parallel_size',
  tp_size: 'tensor_parallel_size',
  tensor_parallel: 'tensor_parallel_size',
  num_gpus: 'tensor_parallel_size',
  num_shard: 'tensor_parallel_size',
  pp: 'pipeline_parallel_size',
  pp_size: 'pipeline_parallel_size',
  dp: 'data_parallel_size',
  dp_size: 'data_parallel_size',
  gpu_memory_util: 'gpu_memory_utilization',
  gpu_mem_utilization: 'gpu_memory_utilization',
  gpu_memory_fraction: 'gpu_memory_utilization',
  mem_fraction_static: 'gpu_memory_utilization',
  max_batch_size: 'max_num_seqs',
  max_num_sequences: 'max_num_seqs',
  max_concurrent_requests: 'max_num_seqs',
  max_batch_tokens: 'max_num_batched_tokens',
  max_num_tokens: 'max_num_batched_tokens',
  max_tokens_per_batch: 'max_num_batched_tokens',
  max_batch_total_tokens: 'max_num_batched_tokens',
  model_path: 'model',
  model_name: 'model',
  model_id: 'model',
  quantize: 'quantization',
  quant: 'quantization',
  kv_cache_type: 'kv_cache_dtype',
  cache_dtype: 'kv_cache_dtype',
  prefix_caching: 'enable_prefix_caching',
  enable_prefix_cache: 'enable_prefix_caching',
  tool_parser: 'tool_call_parser',
  eager: 'enforce_eager',
};
