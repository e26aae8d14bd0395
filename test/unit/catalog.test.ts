/**
 * Shape and sanity checks for the capacity data catalogs (GPUs and models).
 * The sizing features trust these numbers, so a typo here becomes a wrong
 * "fits / does not fit" verdict in the editor; these tests catch the typos.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { resolveGpu } from '../../server/src/core/capacity/gpus';

const dataDir = join(dirname(fileURLToPath(import.meta.url)), '../../server/src/core/capacity/data');

interface GpuRow {
  id: string;
  names: string[];
  vendor: string;
  memory_gib?: number;
  bandwidth_gbs?: number;
  tflops?: Record<string, number>;
  sources: Record<string, string>;
  unknown?: string[];
  price_usd_hour?: number;
  price_note?: string;
  compute_capability?: number;
  gfx_target?: string;
}

interface ModelRow {
  id: string;
  aliases?: string[];
  family: string;
  architecture?: string;
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  num_key_value_heads?: number;
  head_dim?: number;
  intermediate_size?: number;
  vocab_size: number;
  params_total?: number;
  params_source?: string;
  sliding_window?: number | null;
  sliding_layers?: number;
  full_layers?: number;
  mla?: { kv_lora_rank: number; qk_rope_head_dim: number };
  moe?: { num_experts: number; experts_per_token: number };
  quantization?: { method: string; bits?: number };
  derived_from?: string;
  source: string;
}

const gpus = (JSON.parse(readFileSync(join(dataDir, 'gpus.json'), 'utf8')) as { gpus: GpuRow[] }).gpus;
const models = (JSON.parse(readFileSync(join(dataDir, 'models.json'), 'utf8')) as { models: ModelRow[] }).models;

/** True when the row explicitly declares `field` as not sourced. */
function declaredUnknown(g: GpuRow, field: string): boolean {
  return (g.unknown ?? []).some((u) => u.startsWith(field));
}

/** Every GPU spelling, lower-cased, mapped to the ids that claim it. */
function nameIndex(): Map<string, string[]> {
  const idx = new Map<string, string[]>();
  for (const g of gpus) {
    for (const n of new Set([g.id, ...g.names].map((s) => s.toLowerCase()))) {
      idx.set(n, [...(idx.get(n) ?? []), g.id]);
    }
  }
  return idx;
}

describe('gpus.json', () => {
  it('has unique ids', () => {
    const ids = gpus.map((g) => g.id);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('gives memory, bandwidth and bf16 TFLOPS with a source, or declares them unknown', () => {
    for (const g of gpus) {
      if (g.memory_gib !== undefined) {
        assert.ok(g.memory_gib > 0, `${g.id} memory`);
        assert.ok(g.sources.memory, `${g.id} memory source`);
      } else assert.ok(declaredUnknown(g, 'memory_gib'), `${g.id} lacks memory without saying so`);
      if (g.bandwidth_gbs !== undefined) {
        assert.ok(g.bandwidth_gbs > 0, `${g.id} bandwidth`);
        assert.ok(g.sources.bandwidth, `${g.id} bandwidth source`);
      } else assert.ok(declaredUnknown(g, 'bandwidth_gbs'), `${g.id} lacks bandwidth without saying so`);
      if (g.tflops?.bf16 !== undefined) {
        assert.ok(g.tflops.bf16 > 0, `${g.id} bf16`);
        assert.ok(g.sources.tflops, `${g.id} tflops source`);
      } else {
        assert.ok(declaredUnknown(g, 'tflops') || declaredUnknown(g, 'bf16'), `${g.id} lacks bf16 without saying so`);
      }
      if (g.price_usd_hour !== undefined) assert.ok(g.price_note, `${g.id} price needs a source note`);
    }
  });

  it('gives every NVIDIA GPU its compute capability and every AMD GPU its gfx target, with a source', () => {
    for (const g of gpus) {
      if (g.vendor === 'nvidia') {
        assert.ok(typeof g.compute_capability === 'number' && g.compute_capability >= 7, `${g.id} compute capability`);
        assert.ok(g.sources.compute_capability, `${g.id} compute capability source`);
      } else if (g.vendor === 'amd') {
        assert.match(g.gfx_target ?? '', /^gfx9\w+$/, `${g.id} gfx target`);
        assert.ok(g.sources.gfx_target, `${g.id} gfx target source`);
      }
    }
    // Ampere spans 8.0 (data centre) and 8.6 (A10, RTX 30xx): the architecture alone would get these wrong.
    assert.equal(resolveGpu('NVIDIA A10G')?.computeCapability, 8.6);
    assert.equal(resolveGpu('A100-80GB')?.computeCapability, 8.0);
    assert.equal(resolveGpu('NVIDIA GeForce RTX 5090')?.computeCapability, 12.0);
  });

  it('keeps most of the catalog fully specified', () => {
    const complete = gpus.filter((g) => g.memory_gib && g.bandwidth_gbs && g.tflops?.bf16);
    assert.ok(complete.length >= 15, `only ${complete.length} complete GPUs`);
  });

  it('stores dense, not sparsity-doubled, tensor throughput', () => {
    const h100 = gpus.find((g) => g.id === 'H100-SXM-80GB');
    assert.ok(h100?.tflops?.bf16 && h100.tflops.bf16 < 1200, 'H100 SXM bf16 must be the ~989 dense figure');
    for (const g of gpus) {
      const t = g.tflops ?? {};
      if (t.bf16 && t.fp8) assert.ok(t.fp8 <= 2.1 * t.bf16, `${g.id} fp8 more than 2x bf16`);
    }
  });

  it('resolves every nvidia-smi / rocm / Ray name to exactly one GPU', () => {
    const idx = nameIndex();
    const reported = [
      'NVIDIA H100 80GB HBM3', 'NVIDIA H100 PCIe', 'NVIDIA H100 NVL', 'NVIDIA A100-SXM4-80GB', 'NVIDIA A100-SXM4-40GB',
      'NVIDIA A100 80GB PCIe', 'NVIDIA A100-PCIE-40GB', 'NVIDIA A10G', 'NVIDIA A10', 'NVIDIA L4', 'NVIDIA L40S',
      'NVIDIA GeForce RTX 4090', 'NVIDIA GeForce RTX 3090', 'NVIDIA GeForce RTX 5090', 'Tesla T4', 'Tesla V100-SXM2-16GB',
      'NVIDIA RTX A6000', 'NVIDIA H200', 'NVIDIA B200', 'NVIDIA H20', 'NVIDIA L20', 'NVIDIA A800-SXM4-80GB',
      'AMD Instinct MI300X', 'AMD Instinct MI325X',
      // Ray accelerator_type constants (python/ray/util/accelerators/accelerators.py)
      'A100-80G', 'A100-40G', 'H100', 'L4', 'A10G', 'T4', 'V100', 'L40S', 'H200', 'H20', 'B200',
      'AMD-Instinct-MI300X-OAM', 'AMD-Instinct-MI210', 'AMD-Instinct-MI250X',
    ];
    for (const n of reported) {
      const hits = idx.get(n.toLowerCase()) ?? [];
      assert.equal(hits.length, 1, `${n} resolves to ${JSON.stringify(hits)}`);
    }
  });

  it('never lets two GPUs claim the same name', () => {
    for (const [n, ids] of nameIndex()) assert.equal(ids.length, 1, `${n} claimed by ${ids.join(', ')}`);
  });

  it('reports the nvidia-smi total, not the marketing figure, for common cards', () => {
    const h100 = gpus.find((g) => g.id === 'H100-SXM-80GB');
    assert.ok(h100?.memory_gib && h100.memory_gib < 80, 'H100 80GB shows ~79.6 GiB in nvidia-smi');
    const l4 = gpus.find((g) => g.id === 'L4');
    assert.ok(l4?.memory_gib && l4.memory_gib < 23, 'L4 shows 23034 MiB');
  });
});

/** Rough parameter counts: the classic 12·L·h² + 2·V·h, and a gated-MLP variant for wide-FFN models. */
function roughParams(m: ModelRow): number[] {
  const { hidden_size: h, num_hidden_layers: L, vocab_size: V, intermediate_size: I } = m;
  const classic = 12 * L * h * h + 2 * V * h;
  return I ? [classic, L * (4 * h * h + 3 * h * I) + 2 * V * h] : [classic];
}

/** Fails naming every id that is neither a catalog id nor an alias. */
function assertCatalogHas(ids: string[]): void {
  const keys = new Set(models.flatMap((m) => [m.id, ...(m.aliases ?? [])].map((k) => k.toLowerCase())));
  assert.deepEqual(ids.filter((id) => !keys.has(id.toLowerCase())), []);
}

describe('models.json', () => {
  it('has at least 80 models', () => {
    assert.ok(models.length >= 80, `${models.length} models`);
  });

  it('has unique ids and aliases', () => {
    const keys = models.flatMap((m) => [m.id, ...(m.aliases ?? [])].map((k) => k.toLowerCase()));
    const dup = keys.filter((k, i) => keys.indexOf(k) !== i);
    assert.deepEqual(dup, []);
  });

  it('carries the attention facts needed for KV-cache size', () => {
    for (const m of models) {
      assert.ok(m.num_hidden_layers > 0 && m.hidden_size > 0 && m.vocab_size > 0, `${m.id} core dims`);
      if (m.mla) {
        assert.ok(m.mla.kv_lora_rank > 0 && m.mla.qk_rope_head_dim > 0, `${m.id} MLA dims`);
      } else {
        assert.ok((m.num_key_value_heads ?? 0) > 0, `${m.id} kv heads`);
        assert.ok((m.head_dim ?? 0) > 0, `${m.id} head_dim`);
        assert.ok(m.num_attention_heads % (m.num_key_value_heads ?? 1) === 0, `${m.id} heads not a multiple of kv heads`);
      }
    }
  });

  it('names a source for every model and points derived rows at real bases', () => {
    const ids = new Set(models.map((m) => m.id));
    for (const m of models) {
      assert.ok(m.source && m.source.length > 10, `${m.id} source`);
      if (m.derived_from) assert.ok(ids.has(m.derived_from), `${m.id} derived from unknown ${m.derived_from}`);
    }
  });

  it('keeps hybrid attention layouts consistent with the layer count', () => {
    for (const m of models) {
      if (m.sliding_layers === undefined) continue;
      assert.equal(m.sliding_layers + (m.full_layers ?? 0), m.num_hidden_layers, `${m.id} layout`);
      assert.ok((m.sliding_window ?? 0) > 0, `${m.id} sliding window size`);
    }
    const g3 = models.find((m) => m.id === 'google/gemma-3-27b-it');
    assert.equal(g3?.full_layers, 10, 'Gemma 3 27B: 1 global layer in 6');
  });

  it('keeps MoE routing sane', () => {
    for (const m of models) {
      if (!m.moe) continue;
      assert.ok(m.moe.experts_per_token > 0 && m.moe.experts_per_token <= m.moe.num_experts, `${m.id} routing`);
    }
  });

  it('has dense parameter totals close to a rough shape estimate', () => {
    for (const m of models) {
      if (m.moe || m.mla || m.params_total === undefined) continue;
      const ratios = roughParams(m).map((e) => m.params_total! / e);
      assert.ok(ratios.some((r) => r > 0.7 && r < 1.3), `${m.id} params ${m.params_total} vs estimates ratios ${ratios.map((r) => r.toFixed(2))}`);
    }
  });

  it('marks quantized variants with a method', () => {
    const methods = new Set(['awq', 'gptq', 'fp8', 'fbgemm_fp8', 'compressed-tensors', 'mxfp4', 'nvfp4', 'bitsandbytes']);
    for (const m of models) if (m.quantization) assert.ok(methods.has(m.quantization.method), `${m.id} method ${m.quantization.method}`);
    for (const id of ['openai/gpt-oss-20b', 'TheBloke/Llama-2-7B-Chat-AWQ', 'Qwen/Qwen2.5-7B-Instruct-GPTQ-Int4', 'nvidia/Qwen3-235B-A22B-FP4']) {
      assert.ok(models.find((m) => m.id === id)?.quantization, `${id} quantization`);
    }
  });

  it('covers the models named in the public config corpus', () => {
    assertCatalogHas([
      'meta-llama/Llama-3.1-8B-Instruct', 'neuralmagic/Meta-Llama-3.1-8B-Instruct-quantized.w4a16', 'openai/gpt-oss-120b',
      'openai/gpt-oss-20b', 'meta-llama/Llama-2-7b-chat-hf', 'TheBloke/Llama-2-7B-chat-AWQ', 'mistralai/Mistral-7B-Instruct-v0.3',
      'meta-llama/Llama-3.2-1B-Instruct', 'deepseek-ai/DeepSeek-R1-Distill-Llama-70B', 'Qwen/Qwen3-4B-AWQ', 'Qwen/Qwen3-1.7B',
      'Qwen/Qwen2.5-7B-Instruct', 'Qwen/Qwen2.5-1.5B-Instruct', 'Qwen/Qwen2.5-0.5B-Instruct', 'facebook/opt-125m',
      'TinyLlama/TinyLlama-1.1B-Chat-v1.0', 'neuralmagic/Meta-Llama-3.1-8B-Instruct-FP8', 'meta-llama/Llama-2-7b-hf',
    ]);
  });

  it('knows the widely served families issue 12 found missing (an unknown model is a 100% miss)', () => {
    assertCatalogHas([
      'ibm-granite/granite-3.1-8b-instruct', 'ibm-granite/granite-3.1-2b-instruct', 'ibm-granite/granite-3.1-1b-a400m-instruct',
      'mistralai/Mistral-7B-Instruct-v0.2', 'google/gemma-7b-it', 'google/gemma-2b', 'microsoft/Phi-3-mini-4k-instruct',
      'CohereForAI/c4ai-command-r-08-2024', 'bigcode/starcoder2-7b', 'codellama/CodeLlama-7b-hf', 'tiiuae/Falcon3-7B-Instruct',
      'allenai/OLMo-2-1124-7B-Instruct', '01-ai/Yi-1.5-9B-Chat', 'internlm/internlm2_5-7b-chat', 'THUDM/glm-4-9b-chat',
      'LGAI-EXAONE/EXAONE-3.5-32B-Instruct', 'HuggingFaceTB/SmolLM2-360M-Instruct', 'moonshotai/Kimi-K2-Instruct',
    ]);
  });

  it('says where a tie_word_embeddings that config.json omits came from', () => {
    // An omitted key takes the config class default, which differs by family (Gemma, Cohere, GPT-2, Starcoder2: tied).
    const granite8b = models.find((m) => m.id === 'ibm-granite/granite-3.1-8b-instruct') as ModelRow & { tie_word_embeddings?: boolean };
    assert.equal(granite8b?.tie_word_embeddings, true);
    // These families tie in vLLM; a row that says otherwise (or nothing) doubles the embedding in params_total.
    const mustTie = models.filter((m) => /^(Gemma[23]?ForCausalLM|Gemma3ForConditionalGeneration|Cohere2?ForCausalLM|OPTForCausalLM)$/.test(m.architecture ?? ''));
    assert.ok(mustTie.length >= 15, `${mustTie.length} Gemma/Cohere/OPT rows`);
    assert.deepEqual(mustTie.filter((m) => (m as { tie_word_embeddings?: boolean }).tie_word_embeddings !== true).map((m) => m.id), []);
    for (const m of models as (ModelRow & { tie_word_embeddings_source?: string; tie_word_embeddings?: boolean })[]) {
      if (m.tie_word_embeddings_source) assert.equal(typeof m.tie_word_embeddings, 'boolean', `${m.id} states the default it sourced`);
    }
  });

  it('records head_dim where it differs from hidden/heads (a common KV-size trap)', () => {
    const odd = models.filter((m) => m.head_dim && m.head_dim !== Math.floor(m.hidden_size / m.num_attention_heads));
    assert.ok(odd.some((m) => m.id === 'google/gemma-2-9b-it'), 'Gemma 2 9B uses head_dim 256 with hidden 3584 / 16 heads');
    assert.ok(odd.some((m) => m.id.startsWith('Qwen/Qwen3-')), 'Qwen3 uses head_dim 128 independent of hidden size');
  });
});
