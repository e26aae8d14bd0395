/**
 * The one entry point of the capacity model: `estimate(input)` resolves the
 * model and GPU, applies vLLM's defaults, and combines memory, throughput and
 * cost. `toJsonReport` is the CLI's `--json` shape; `biggestLever` re-runs the
 * model with single changes to say which one helps most.
 */
import { GIB } from './calibration';
import { estimateCost } from './cost';
import { gpuCatalog, resolveGpu } from './gpus';
import { estimateMemory, type ResolvedConfig } from './memory';
import { resolveModel, type ResolveModelOptions } from './models';
import { estimateThroughput, stepModel, type StepModel } from './throughput';
import { estimateTrtllmMemory } from './trtllm';
import type { Estimate, EstimateInput, GpuSpec, MemoryBreakdown, ModelArch, ModelOrigin, QuantizationInfo, TrtllmInput } from './types';
import { dtypeBytes, weightsPerGpu } from './weights';
import { inputChange } from '../engineArgs/planFields';
import type { PlannedArg } from '../engineArgs/table';

export interface EstimateContext {
  /** GPU catalog to resolve against (tests pass fixtures). */
  gpus?: GpuSpec[];
  /** Options for model resolution (HF cache location, Hub configs). */
  models?: ResolveModelOptions;
}

/** Maps `--quantization` / config spellings onto the weight-size model's methods. */
export function quantFromFlag(flag: string | undefined, arch: ModelArch): QuantizationInfo | undefined {
  if (!flag) return arch.quantization;
  const f = flag.toLowerCase().replace(/_marlin$/, '');
  if (arch.quantization && arch.quantization.method.toLowerCase() === f) return arch.quantization;
  if (f === 'fp8' || f === 'fbgemm_fp8' || f === 'ptpc_fp8') return { method: 'fp8', bits: 8 };
  if (f === 'awq' || f === 'gptq') return arch.quantization ?? { method: f, bits: 4, groupSize: 128 };
  if (f === 'bitsandbytes') return arch.quantization ?? { method: 'bitsandbytes', bits: 4, groupSize: 64 };
  if (f === 'mxfp4') return { method: 'mxfp4', bits: 4, groupSize: 32, expertsOnly: true };
  if (f === 'experts_int8') return { method: 'int8', bits: 8, expertsOnly: true };
  if (f === 'compressed-tensors' || f === 'modelopt' || f === 'modelopt_fp4') return arch.quantization ?? { method: f === 'modelopt_fp4' ? 'nvfp4' : f, bits: 8 };
  return arch.quantization ?? { method: f };
}

function servedDtypeBytes(dtype: string | undefined, arch: ModelArch): number {
  const d = (dtype ?? 'auto').toLowerCase();
  if (d === 'auto') {
    // vLLM serves float32 checkpoints in 16-bit unless told otherwise.
    return 2;
  }
  return dtypeBytes(d);
}

function kvBytes(kvCacheDtype: string | undefined, modelDtypeBytes: number): number {
  const d = (kvCacheDtype ?? 'auto').toLowerCase();
  if (d.startsWith('fp8') || d === 'int8') return 1;
  // "auto" is the dtype the model is served in, fp32 included: vllm/v1/worker/gpu_model_runner.py sets
  // kv_cache_dtype = self.dtype, and V0's vllm/worker/cache_engine.py does the same with model_config.dtype.
  if (d === 'auto') return modelDtypeBytes;
  return dtypeBytes(d);
}

/** Applies vLLM's defaults (V1 engine, OpenAI server usage context) to the input. */
export function resolveConfig(input: EstimateInput, arch: ModelArch, gpu: GpuSpec): ResolvedConfig {
  const defaulted: string[] = [];
  const engine = input.engine ?? 'v1';
  const tp = Math.max(1, Math.floor(input.tensorParallel ?? 1));
  const pp = Math.max(1, Math.floor(input.pipelineParallel ?? 1));
  const util = input.gpuMemoryUtilization ?? (defaulted.push('gpu_memory_utilization=0.9'), 0.9);
  const knownLen = arch.maxPositionEmbeddings > 0;
  const maxModelLen =
    input.maxModelLen ??
    (knownLen
      ? (defaulted.push(`max_model_len=${arch.maxPositionEmbeddings} (from the model)`), arch.maxPositionEmbeddings)
      : (defaulted.push('max_model_len=8192 (the model\'s context length is unknown: set max_model_len)'), 8192));
  // vLLM's larger defaults apply to ≥70 GiB GPUs other than the A100.
  const bigGpu = gpu.memoryGib >= 70 && !/a100/i.test(gpu.id);
  let chunked: boolean;
  let maxNumBatchedTokens: number;
  let maxNumSeqs: number;
  if (engine === 'v0') {
    chunked = input.enableChunkedPrefill ?? maxModelLen > 32768;
    maxNumSeqs = input.maxNumSeqs ?? 256;
    maxNumBatchedTokens = input.maxNumBatchedTokens ?? (chunked ? 2048 : Math.max(maxModelLen, 2048));
  } else {
    chunked = input.enableChunkedPrefill ?? true;
    maxNumSeqs = input.maxNumSeqs ?? (bigGpu ? 1024 : 256);
    maxNumBatchedTokens = input.maxNumBatchedTokens ?? (chunked ? (bigGpu ? 8192 : 2048) : Math.max(maxModelLen, bigGpu ? 8192 : 2048));
  }
  if (input.maxNumSeqs === undefined) defaulted.push(`max_num_seqs=${maxNumSeqs}`);
  if (input.maxNumBatchedTokens === undefined) defaulted.push(`max_num_batched_tokens=${maxNumBatchedTokens}`);
  const dtypeB = servedDtypeBytes(input.dtype, arch);
  return {
    arch,
    gpu,
    tp,
    pp,
    gpuMemoryUtilization: util,
    maxModelLen,
    maxNumSeqs,
    maxNumBatchedTokens,
    chunkedPrefill: chunked,
    dtypeBytes: dtypeB,
    quant: quantFromFlag(input.quantization, arch),
    kvDtypeBytes: kvBytes(input.kvCacheDtype, dtypeB),
    enforceEager: input.enforceEager ?? false,
    engine,
    allowLongMaxModelLen: input.allowLongMaxModelLen ?? false,
    defaulted,
  };
}

function isArch(m: unknown): m is ModelArch {
  return typeof m === 'object' && m !== null && typeof (m as ModelArch).hiddenSize === 'number';
}

function isGpu(g: unknown): g is GpuSpec {
  return typeof g === 'object' && g !== null && typeof (g as GpuSpec).memoryGib === 'number';
}

/**
 * Estimates memory, startup verdict, throughput and cost of one vLLM
 * deployment. Never throws: an unknown model or GPU yields `ok: false` with
 * `unknown` naming what is missing and the setting to set.
 */
export function estimate(input: EstimateInput, ctx: EstimateContext = {}): Estimate {
  return engineModel(input, ctx).estimate;
}

/**
 * The estimate plus the resolved engine and its per-step cost model, for the
 * planner's scheduler simulation: it must run on exactly the step times the
 * estimate quotes, so both come from this one resolution.
 */
export interface EngineModel {
  estimate: Estimate;
  /** Present when the server would start and throughput is modelled (vLLM, not TensorRT-LLM). */
  engine?: { cfg: ResolvedConfig; memory: MemoryBreakdown; step: StepModel };
}

export function engineModel(input: EstimateInput, ctx: EstimateContext = {}): EngineModel {
  const tp = Math.max(1, Math.floor(input.tensorParallel ?? 1));
  const pp = Math.max(1, Math.floor(input.pipelineParallel ?? 1));
  const base: Estimate = { ok: false, tensorParallel: tp, pipelineParallel: pp, assumptions: [] };
  try {
    const unknown: NonNullable<Estimate['unknown']> = [];
    let arch: ModelArch | undefined;
    let origin: ModelOrigin = 'inline';
    if (isArch(input.model)) arch = input.model;
    else {
      const r = resolveModel(typeof input.model === 'string' ? input.model : undefined, { hfHome: input.hfHome, ...ctx.models });
      if ('arch' in r) {
        arch = r.arch;
        origin = r.origin;
      } else unknown.push({ what: 'model', message: r.unknown, setting: 'model' });
    }
    let gpu: GpuSpec | undefined;
    if (isGpu(input.gpu)) gpu = input.gpu;
    else {
      gpu = resolveGpu(input.gpu, ctx.gpus ?? gpuCatalog());
      if (!gpu) {
        unknown.push({
          what: 'gpu',
          message: input.gpu
            ? `GPU "${input.gpu}" is not in the catalog; use a catalog id or the name nvidia-smi prints`
            : 'no GPU type is known for this deployment; set servescope.hardware.gpu or add a `# servescope: gpu=H100-SXM-80GB` comment',
          setting: 'servescope.hardware.gpu',
        });
      }
    }
    const badNumbers: string[] = [];
    if (input.gpuMemoryUtilization !== undefined && !(input.gpuMemoryUtilization > 0 && input.gpuMemoryUtilization <= 1)) badNumbers.push('gpu_memory_utilization must be in (0, 1]');
    if (input.maxModelLen !== undefined && !(input.maxModelLen > 0)) badNumbers.push('max_model_len must be positive');
    // Values the schema already rejects (0, negatives, 1e308) would turn into NaN or
    // Infinity downstream; say which input is unusable instead of estimating with it.
    const counts: [string, number | undefined, number][] = [
      ['tensor_parallel_size', input.tensorParallel, 4096],
      ['pipeline_parallel_size', input.pipelineParallel, 4096],
      ['max_model_len', input.maxModelLen, 1e9],
      ['max_num_seqs', input.maxNumSeqs, 1e7],
      ['max_num_batched_tokens', input.maxNumBatchedTokens, 1e9],
      ['input_len', input.workload?.inputLen, 1e9],
      ['output_len', input.workload?.outputLen, 1e9],
      ['concurrency', input.workload?.concurrency, 1e7],
    ];
    for (const [name, v, max] of counts) {
      if (v !== undefined && !(Number.isFinite(v) && v >= 1 && v <= max)) badNumbers.push(`${name} must be between 1 and ${max.toLocaleString('en-US')} (got ${v})`);
    }
    for (const m of badNumbers) unknown.push({ what: 'input', message: m, setting: m.split(' ')[0] ?? 'input' });
    if (unknown.length > 0 || !arch || !gpu) {
      return { estimate: { ...base, unknown, model: arch ? { id: arch.id, origin } : undefined, gpu: gpu ? gpuRef(gpu) : undefined } };
    }

    if (input.trtllm) return { estimate: estimateTrtllm(input, input.trtllm, arch, origin, gpu, tp, pp, ctx) };
    const cfg = resolveConfig(input, arch, gpu);
    const memory = estimateMemory(cfg);
    const w = weightsPerGpu(arch, cfg.tp, cfg.pp, cfg.dtypeBytes, cfg.quant);
    const throughput = input.workload ? estimateThroughput(cfg, memory, w.expertBytesPerGpu, input.workload) : undefined;
    const cost = estimateCost(gpu, cfg.tp * cfg.pp, throughput?.outputTokS, { priceOverride: input.priceOverride, gpuPrices: input.gpuPrices, catalog: ctx.gpus });
    const assumptions = [
      input.vllmVersion
        ? `memory budgeting of vLLM ${input.vllmVersion} (${cfg.engine === 'v0' ? 'V0 engine' : 'V1 engine'})`
        : `memory budgeting of vLLM's V1 engine (0.8 and later; say the release with servescope.versions, version= or --vllm-version)`,
      ...(cfg.defaulted.length ? [`vLLM defaults: ${cfg.defaulted.join(', ')}`] : []),
      `model facts from ${origin === 'inline' ? 'the caller' : origin}${arch.source ? ` (${arch.source})` : ''}`,
      `${gpu.id}: ${gpu.memoryGib.toFixed(2)} GiB, ${gpu.bandwidthGbs} GB/s`,
      ...memory.assumptions,
      ...(throughput?.assumptions ?? []),
    ];
    const est: Estimate = {
      ok: true,
      model: { id: arch.id, origin },
      gpu: gpuRef(gpu),
      tensorParallel: cfg.tp,
      pipelineParallel: cfg.pp,
      memory,
      throughput,
      cost,
      assumptions,
    };
    const runs = memory.fits && memory.kvCacheTokens > 0;
    return { estimate: est, engine: runs ? { cfg, memory, step: stepModel(cfg, memory, w.expertBytesPerGpu) } : undefined };
  } catch (e) {
    return { estimate: { ...base, unknown: [{ what: 'input', message: `the capacity model failed: ${(e as Error).message}`, setting: 'model' }] } };
  }
}

/** How an estimate names its GPU: the catalog id and the first name nvidia-smi or the user knows it by. */
function gpuRef(gpu: GpuSpec): { id: string; name: string } {
  return { id: gpu.id, name: gpu.names[0] ?? gpu.id };
}

function estimateTrtllm(input: EstimateInput, t: TrtllmInput, arch: ModelArch, origin: ModelOrigin, gpu: GpuSpec, tp: number, pp: number, ctx: EstimateContext): Estimate {
  const dtypeB = servedDtypeBytes(input.dtype ?? arch.torchDtype, arch);
  const memory = estimateTrtllmMemory({
    arch,
    gpu,
    tp,
    pp,
    maxBatchSize: t.maxBatchSize,
    maxSeqLen: t.maxSeqLen,
    tokensPerBlock: t.tokensPerBlock,
    dtypeBytes: dtypeB,
    quant: quantFromFlag(input.quantization, arch),
    kvDtypeBytes: t.kvDtypeBytes ?? dtypeB,
    freeMemFraction: t.freeMemFraction,
    maxTokens: t.maxTokensInPagedKvCache,
  });
  const cost = estimateCost(gpu, tp * pp, undefined, { priceOverride: input.priceOverride, gpuPrices: input.gpuPrices, catalog: ctx.gpus });
  return {
    ok: true,
    model: { id: arch.id, origin },
    gpu: gpuRef(gpu),
    tensorParallel: tp,
    pipelineParallel: pp,
    memory,
    cost,
    assumptions: [
      `TensorRT-LLM engine: max_seq_len ${t.maxSeqLen}${t.maxBatchSize ? `, max_batch_size ${t.maxBatchSize}` : ''} fixed at build time`,
      `model facts from ${origin === 'inline' ? "the engine's config.json" : origin}`,
      `${gpu.id}: ${gpu.memoryGib.toFixed(2)} GiB, ${gpu.bandwidthGbs} GB/s`,
      ...memory.assumptions,
      'throughput and latency are not estimated for TensorRT-LLM engines: the calibration comes from vLLM measurements only',
    ],
  };
}

/** The CLI's `--json` fields (per GPU), stable for scripts and CI. */
export interface JsonReport {
  ok: boolean;
  model?: string;
  gpu?: string;
  tensor_parallel_size: number;
  pipeline_parallel_size: number;
  weights_gib?: number;
  activation_gib?: number;
  non_torch_gib?: number;
  cuda_graph_gib?: number;
  kv_cache_gib?: number;
  kv_cache_tokens?: number;
  max_concurrency?: number;
  max_model_len?: number;
  fits?: boolean;
  problems?: { code: string; severity: string; message: string; setting?: string }[];
  output_tok_s?: number;
  ttft_ms?: number;
  tpot_ms?: number;
  saturation_tok_s?: number;
  usd_per_hour?: number | null;
  cost_per_1m_output_usd?: number | null;
  unknown?: { what: string; message: string; setting: string }[];
  assumptions: string[];
}

const r2 = (x: number): number => Math.round(x * 100) / 100;

/** Flattens an Estimate into the CLI's `--json` report. */
export function toJsonReport(e: Estimate): JsonReport {
  const out: JsonReport = {
    ok: e.ok,
    model: e.model?.id,
    gpu: e.gpu?.id,
    tensor_parallel_size: e.tensorParallel,
    pipeline_parallel_size: e.pipelineParallel,
    assumptions: e.assumptions,
  };
  if (e.unknown) out.unknown = e.unknown;
  const m = e.memory;
  if (m) {
    out.weights_gib = r2(m.weightsGib);
    out.activation_gib = r2(m.activationGib);
    out.non_torch_gib = r2(m.nonTorchGib);
    out.cuda_graph_gib = r2(m.cudaGraphGib);
    out.kv_cache_gib = r2(m.kvCacheGib);
    out.kv_cache_tokens = m.kvCacheTokens;
    out.max_concurrency = r2(m.maxConcurrency);
    out.max_model_len = m.maxModelLen;
    out.fits = m.fits;
    out.problems = m.problems.map((p) => ({ code: p.code, severity: p.severity, message: p.message, setting: p.setting }));
  }
  const t = e.throughput;
  if (t) {
    out.output_tok_s = r2(t.outputTokS);
    out.ttft_ms = r2(t.ttftMs);
    out.tpot_ms = r2(t.tpotMs);
    out.saturation_tok_s = r2(t.saturationTokS);
  }
  if (e.cost) {
    out.usd_per_hour = e.cost.usdPerHour === null ? null : r2(e.cost.usdPerHour);
    out.cost_per_1m_output_usd = e.cost.usdPer1mOutputTokens === null ? null : r2(e.cost.usdPer1mOutputTokens);
  }
  return out;
}

/** One change to the input and what it does, measured by re-running the model. */
export interface Lever {
  /** vLLM setting name, e.g. `kv_cache_dtype`. */
  setting: string;
  value: string | number | boolean;
  change: Partial<EstimateInput>;
  message: string;
  before: { fits: boolean; maxConcurrency: number; outputTokS?: number };
  after: { fits: boolean; maxConcurrency: number; outputTokS?: number };
}

/**
 * The single change that helps most: when the server would not start, the
 * least invasive change that makes it start; otherwise the one that raises
 * output throughput (with a workload) or KV concurrency the most.
 */
export function biggestLever(input: EstimateInput, current?: Estimate, ctx: EstimateContext = {}): Lever | undefined {
  // The levers are vLLM flags; a built TensorRT-LLM engine is changed by rebuilding it.
  if (input.trtllm) return undefined;
  const cur = current ?? estimate(input, ctx);
  if (!cur.ok || !cur.memory) return undefined;
  const m = cur.memory;
  const tp = cur.tensorParallel;
  const candidates: { setting: string; value: string | number | boolean; change: Partial<EstimateInput> }[] = [];
  // The engine input each argument changes comes from the engine-argument table.
  const lever = (setting: PlannedArg, value: string | number | boolean) => ({ setting, value, change: inputChange(setting, value) });
  const notFit = !m.fits;
  const lenProblem = m.problems.find((p) => p.code === 'max-len-exceeds-kv' || p.code === 'max-len-exceeds-model');
  if (lenProblem?.maxModelLenThatFits && lenProblem.maxModelLenThatFits > 0) {
    const v = lenProblem.maxModelLenThatFits >= 1024 ? Math.floor(lenProblem.maxModelLenThatFits / 1024) * 1024 : lenProblem.maxModelLenThatFits;
    candidates.push(lever('max_model_len', v));
  }
  if ((input.gpuMemoryUtilization ?? 0.9) < 0.95) candidates.push(lever('gpu_memory_utilization', 0.95));
  if (!/fp8/i.test(input.kvCacheDtype ?? '')) candidates.push(lever('kv_cache_dtype', 'fp8'));
  const gpu = cur.gpu ? resolveGpu(cur.gpu.id, ctx.gpus ?? gpuCatalog()) ?? (isGpu(input.gpu) ? input.gpu : undefined) : undefined;
  if (!input.quantization && cur.model && gpu?.tflops.fp8) {
    const arch = isArch(input.model) ? input.model : undefined;
    const quantized = arch?.quantization ?? resolveModel(cur.model.id, { ...ctx.models, hfHome: input.hfHome });
    if (!(arch?.quantization) && !('arch' in quantized && quantized.arch.quantization)) candidates.push(lever('quantization', 'fp8'));
  }
  for (const mult of notFit ? [2, 4, 8] : [2]) {
    if (tp * mult <= 8) candidates.push(lever('tensor_parallel_size', tp * mult));
  }
  if (!notFit && (input.maxModelLen ?? m.maxModelLen) > 8192 && input.workload) {
    const v = Math.max(8192, 2 ** Math.ceil(Math.log2(input.workload.inputLen + input.workload.outputLen)));
    if (v < m.maxModelLen) candidates.push(lever('max_model_len', v));
  }

  const summary = (e: Estimate): Lever['before'] => ({ fits: e.memory?.fits ?? false, maxConcurrency: e.memory?.maxConcurrency ?? 0, outputTokS: e.throughput?.outputTokS });
  const before = summary(cur);
  let best: { lever: Lever; score: number } | undefined;
  for (const c of candidates) {
    const e = estimate({ ...input, ...c.change }, ctx);
    if (!e.ok || !e.memory) continue;
    const after = summary(e);
    let score: number;
    if (notFit) {
      if (!after.fits) continue;
      // Prefer the least invasive fix: the candidates are listed in that order.
      score = -candidates.indexOf(c);
    } else if (before.outputTokS && after.outputTokS !== undefined) {
      // Per GPU, so doubling TP has to earn its extra GPUs.
      const gpusBefore = tp;
      const gpusAfter = c.change.tensorParallel ?? tp;
      score = after.outputTokS / gpusAfter / (before.outputTokS / gpusBefore) - 1;
    } else {
      const gpusAfter = c.change.tensorParallel ?? tp;
      score = after.maxConcurrency / gpusAfter / Math.max(1e-9, before.maxConcurrency / tp) - 1;
    }
    if (!notFit && score <= 0.02) continue;
    const message = describe(c.setting, c.value, before, after, notFit);
    if (!best || score > best.score) best = { lever: { ...c, message, before, after }, score };
  }
  if (!best && notFit) {
    // No single change starts the server: pair each change with the max_model_len it would then allow.
    for (const c of candidates) {
      if (c.setting === 'max_model_len') continue;
      const e = estimate({ ...input, ...c.change }, ctx);
      const fit = e.memory?.problems.find((p) => p.code === 'max-len-exceeds-kv')?.maxModelLenThatFits;
      if (!fit || fit < 2048) continue;
      const len = Math.floor(fit / 1024) * 1024;
      const change = { ...c.change, maxModelLen: len };
      const e2 = estimate({ ...input, ...change }, ctx);
      if (!e2.memory?.fits) continue;
      const after = summary(e2);
      return { setting: c.setting, value: c.value, change, before, after, message: `${c.setting} ${c.value} with max_model_len ${len} would let the server start (max concurrency ${after.maxConcurrency.toFixed(1)}×)` };
    }
  }
  return best?.lever;
}

function describe(setting: string, value: string | number | boolean, before: Lever['before'], after: Lever['after'], notFit: boolean): string {
  const set = `${setting} ${value}`;
  if (notFit) return `${set} would let the server start (max concurrency ${after.maxConcurrency.toFixed(1)}×)`;
  if (before.outputTokS && after.outputTokS) {
    const ratio = after.outputTokS / before.outputTokS;
    return `${set} would ${ratio >= 1 ? 'raise' : 'lower'} output throughput ${Math.abs((ratio - 1) * 100).toFixed(0)}% (${before.outputTokS.toFixed(0)} → ${after.outputTokS.toFixed(0)} tok/s)`;
  }
  const ratio = after.maxConcurrency / Math.max(1e-9, before.maxConcurrency);
  const word = Math.abs(ratio - 2) < 0.1 ? 'double concurrency' : ratio >= 1 ? `multiply concurrency by ${ratio.toFixed(1)}` : `cut concurrency to ${(ratio * 100).toFixed(0)}%`;
  return `${set} would ${word} (${before.maxConcurrency.toFixed(1)}× → ${after.maxConcurrency.toFixed(1)}×)`;
}

/** Bytes → GiB, for consumers formatting their own numbers. */
export const bytesToGib = (b: number): number => b / GIB;
