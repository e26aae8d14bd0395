/**
 * The one change that helps most: re-runs the capacity model with single changes
 * (quantization, KV dtype, parallelism, context length, batch limits) and ranks
 * what each does to fit and throughput.
 */
import { estimate, isArch, isGpu, type EstimateContext } from './estimate';
import { gpuCatalog, resolveGpu } from './gpus';
import { resolveModel } from './models';
import type { Estimate, EstimateInput } from './types';
import { inputChange } from '../engineArgs/planFields';
import type { PlannedArg } from '../engineArgs/table';

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
  // The sampler warm-up's shortfall is fixed by fewer sequences (a multiple of 8 from 16 up).
  const warmup = m.problems.find((p) => p.code === 'sampler-warmup-oom')?.maxNumSeqsThatFits;
  if (warmup && warmup > 0) candidates.push(lever('max_num_seqs', warmup >= 16 ? Math.floor(warmup / 8) * 8 : warmup));
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
    const quantized = arch?.quantization ?? resolveModel(cur.model.id, ctx.models);
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
