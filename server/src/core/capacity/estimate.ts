/**
 * The one entry point of the capacity model: `estimate(input)` resolves the
 * model and GPU, applies vLLM's defaults, and combines memory, throughput and
 * cost. vLLM's defaults are in defaults.ts, the CLI's JSON shape in jsonReport.ts,
 * and the "biggest lever" search in levers.ts.
 */
import { GIB } from './calibration';
import { estimateCost } from './cost';
import { gpuCatalog, resolveGpu } from './gpus';
import { estimateMemory, type ResolvedConfig } from './memory';
import { resolveModel, type ResolveModelOptions } from './models';
import { estimateThroughput, stepModel, type StepModel } from './throughput';
import { estimateTrtllmMemory } from './trtllm';
import type { Estimate, EstimateInput, GpuSpec, MemoryBreakdown, ModelArch, ModelOrigin, TrtllmInput } from './types';
import { dtypeBytes, weightsPerGpu } from './weights';
import { quantFromFlag, resolveConfig, servedDtypeBytes } from './defaults';

export interface EstimateContext {
  /** GPU catalog to resolve against (tests pass fixtures). */
  gpus?: GpuSpec[];
  /** Options for model resolution (HF cache location, Hub configs). */
  models?: ResolveModelOptions;
}

export function isArch(m: unknown): m is ModelArch {
  return typeof m === 'object' && m !== null && typeof (m as ModelArch).hiddenSize === 'number';
}

export function isGpu(g: unknown): g is GpuSpec {
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

/**
 * Results by their input, so an edit to an unrelated key (or a rule's what-if asked on
 * every keystroke) never re-runs the capacity model. Only inputs that are pure facts are
 * kept: a catalog or inline model on the catalog GPUs. A model read from a local path, the
 * HF cache or the Hub can change under the same name, and an unresolved one may resolve
 * after a Hub fetch, so those are computed every time.
 */
const memo = new Map<string, EngineModel>();
const MEMO_MAX = 256;

export function engineModel(input: EstimateInput, ctx: EstimateContext = {}): EngineModel {
  const key = ctx.gpus ? undefined : JSON.stringify([input, ctx.models ?? null]);
  const hit = key !== undefined ? memo.get(key) : undefined;
  if (hit) {
    memo.delete(key!);
    memo.set(key!, hit);
    return hit;
  }
  const m = computeEngineModel(input, ctx);
  const origin = m.estimate.model?.origin;
  if (key !== undefined && (origin === 'catalog' || origin === 'inline')) {
    if (memo.size >= MEMO_MAX) memo.delete(memo.keys().next().value as string);
    memo.set(key, m);
  }
  return m;
}

function computeEngineModel(input: EstimateInput, ctx: EstimateContext): EngineModel {
  const tp = Math.max(1, Math.floor(input.tensorParallel ?? 1));
  const pp = Math.max(1, Math.floor(input.pipelineParallel ?? 1));
  const base: Estimate = { ok: false, tensorParallel: tp, pipelineParallel: pp, assumptions: [] };
  try {
    const unknown: NonNullable<Estimate['unknown']> = [];
    let arch: ModelArch | undefined;
    let origin: ModelOrigin = 'inline';
    if (isArch(input.model)) arch = input.model;
    else {
      const r = resolveModel(typeof input.model === 'string' ? input.model : undefined, ctx.models);
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

export const bytesToGib = (b: number): number => b / GIB;
