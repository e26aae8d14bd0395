/**
 * Throughput and latency from a roofline of vLLM's engine step: a decode step
 * streams the GPU's weights (only the touched experts of an MoE) and the KV of
 * every running sequence, and is bound by memory bandwidth or by compute,
 * whichever is slower; chunked prefill rides along in the same steps. Fixed
 * per-step CPU overhead and tensor-parallel all-reduces are added on top.
 */
import { GIB, THROUGHPUT } from './calibration';
import type { ResolvedConfig } from './memory';
import type { GpuSpec, MemoryBreakdown, ModelArch, ThroughputResult, Workload } from './types';
import { paramBreakdown, tiesEmbeddings } from './weights';

/** Dense peak FLOP/s of the GPU for the math the quantization scheme runs. */
export function peakFlops(gpu: GpuSpec, cfg: Pick<ResolvedConfig, 'quant' | 'dtypeBytes'>): { flops: number; dtype: string; scaledNote?: string } {
  const t = gpu.tflops;
  const half = t.bf16 ?? t.fp16 ?? t.fp32 ?? 0;
  const m = cfg.quant?.method?.toLowerCase();
  const bits = cfg.quant?.bits;
  let dtype = 'bf16';
  let tf = half;
  if ((m === 'fp8' || (m === 'compressed-tensors' && bits === 8)) && t.fp8) {
    dtype = 'fp8';
    tf = t.fp8;
  } else if (m === 'int8' && t.int8) {
    dtype = 'int8';
    tf = t.int8;
  } else if (m === 'nvfp4' && (t.fp4 ?? t.fp8)) {
    dtype = t.fp4 ? 'fp4' : 'fp8';
    tf = (t.fp4 ?? t.fp8) as number;
  } else if (cfg.dtypeBytes === 4) {
    dtype = 'fp32';
    tf = t.fp32 ?? half / 8;
  }
  // mfu was fitted where matmuls reach 86% of the datasheet; a part that reaches less (the 72 W L4) computes slower.
  const measured = gpu.matmulBf16TflopsMeasured;
  let scaledNote: string | undefined;
  if (measured && half > 0 && tf > 0) {
    const derate = Math.min(1, measured / half / THROUGHPUT.referenceMatmulEfficiency);
    if (derate < 1) {
      tf *= derate;
      scaledNote = `peak scaled to ${Math.round(derate * 100)}%: its best measured bf16 matmul is ${measured} of ${half} TFLOPs`;
    }
  }
  if (!(tf > 0)) {
    // No FLOPs in the catalog: datacenter GPUs of the last generations offer ~0.2 dense 16-bit TFLOPs per GB/s.
    return { flops: gpu.bandwidthGbs * 0.2 * 1e12, dtype: 'bf16 (guessed from bandwidth)' };
  }
  return { flops: tf * 1e12, dtype, ...(scaledNote ? { scaledNote } : {}) };
}

/** Parameters multiplied per token on one GPU (MoE: routed top-k + shared + attention). */
function activeParamsPerGpu(arch: ModelArch, tp: number, pp: number): number {
  const bd = paramBreakdown(arch);
  let active = bd.total - bd.vision - bd.embed + (tiesEmbeddings(arch) ? bd.embed : 0);
  if (arch.moe && bd.moeLayers > 0) {
    const inactive = bd.moeLayers * bd.expertsPerLayer * (1 - arch.moe.expertsPerToken / arch.moe.numExperts);
    active -= inactive;
  }
  if (arch.paramsActive && arch.moe) active = arch.paramsActive - bd.embed - bd.vision + (tiesEmbeddings(arch) ? bd.embed : 0);
  return active / tp / pp;
}

/**
 * Said on every AMD estimate: the efficiency factors and kernel floors were fitted on
 * NVIDIA GPUs only. Held-out check: gpt-oss-120b on one MI300X under vLLM 0.17 ROCm
 * (SemiAnalysis InferenceX PR #1061, concurrency 64–256) decoded 1.6–2.1× slower than
 * this model estimates.
 */
export const AMD_CAVEAT =
  'NOT CALIBRATED for AMD: efficiency factors come from NVIDIA runs; gpt-oss-120b on an MI300X (vLLM 0.17) decoded 1.6–2.1× slower than this model says';

export interface StepModel {
  /** Time of one engine step with `decode` running sequences at average context `ctx` plus `prefill` new tokens, seconds. */
  step(decode: number, ctx: number, prefill: number, prefillCtx?: number): { seconds: number; bound: 'memory' | 'compute' | 'latency' };
}

/**
 * Time of one tensor-parallel all-reduce of `bytes` per rank: a fixed latency plus the
 * ring's bus traffic, 2 × (N − 1) / N × bytes, at the bandwidth the link sustains.
 * NVLink runs at the catalog's link bandwidth; PCIe at the measured NCCL bus bandwidth,
 * which is far lower, and no longer follows the link, when the GPUs have no peer-to-peer
 * path and stage through host memory.
 */
export function allReduceModel(gpu: GpuSpec, tp: number): { latencyUs: number; busBwGbs: number; p2p: boolean; seconds(bytes: number): number } {
  const link = gpu.interconnect;
  const nvlink = link ? /nvlink|xgmi|nvswitch/i.test(link.type) : false;
  const p2p = nvlink || link?.p2p !== false;
  const linkGbs = link?.bandwidthGbs ?? 32;
  // Small all-reduces cost more as ranks are added; interpolate between the 2- and 8-GPU measurements.
  const [ar2, ar8] = nvlink ? [THROUGHPUT.allReduceLatencyUsNvlink2, THROUGHPUT.allReduceLatencyUsNvlink8] : [THROUGHPUT.allReduceLatencyUsPcie2, THROUGHPUT.allReduceLatencyUsPcie8];
  const latencyUs = !p2p ? THROUGHPUT.allReduceLatencyUsPcieNoP2p : ar2 + ((ar8 - ar2) * Math.min(Math.max(tp - 2, 0), 6)) / 6;
  // Host-staged traffic is bounded by the copies through host memory, not by the link's generation.
  const busBwGbs = nvlink ? linkGbs : p2p ? linkGbs * THROUGHPUT.pcieAllReduceBusBwFractionP2p : Math.min(linkGbs, THROUGHPUT.pcieAllReduceBusBwGbsNoP2p);
  return {
    latencyUs,
    busBwGbs,
    p2p,
    seconds: (bytes) => (tp > 1 ? latencyUs * 1e-6 + (bytes * 2 * (tp - 1)) / tp / (busBwGbs * 1e9) : 0),
  };
}

/** Builds the per-step cost model of one pipeline stage. */
export function stepModel(cfg: ResolvedConfig, mem: MemoryBreakdown, expertBytesPerGpu: number): StepModel {
  const { arch, gpu, tp, pp } = cfg;
  const bw = gpu.bandwidthGbs * 1e9 * THROUGHPUT.bandwidthEfficiency;
  const peak = peakFlops(gpu, cfg).flops * THROUGHPUT.mfu;
  const weightBytes = mem.weightsGib * GIB;
  const denseBytes = weightBytes - expertBytesPerGpu;
  const flopsPerToken = 2 * activeParamsPerGpu(arch, tp, pp);
  const layers = Math.ceil(arch.numLayers / pp);
  const attnDim = arch.mla ? (arch.mla.kvLoraRank + arch.mla.qkRopeHeadDim) * arch.numHeads : arch.numHeads * arch.headDim;
  const attnFlopsPerCtxToken = (4 * attnDim * layers) / tp;
  const kvBytesPerToken = mem.kvBytesPerToken;
  const window = arch.slidingWindow ?? null;
  const ar = allReduceModel(gpu, tp);

  return {
    step(decode, ctx, prefill, prefillCtx = 0) {
      const tokens = decode + prefill;
      let expertFraction = 1;
      if (arch.moe && tokens > 0) expertFraction = 1 - Math.pow(1 - arch.moe.expertsPerToken / arch.moe.numExperts, tokens);
      // Sliding-window layers read at most the window; approximate with the full-attention share.
      const effCtx = window && arch.slidingLayers !== undefined && arch.fullLayers !== undefined
        ? (ctx * arch.fullLayers + Math.min(ctx, window) * arch.slidingLayers) / arch.numLayers
        : window && arch.slidingLayers === undefined ? Math.min(ctx, window) : ctx;
      const bytes = denseBytes + expertBytesPerGpu * expertFraction + decode * effCtx * kvBytesPerToken;
      const memTime = bytes / bw;
      const decodeComp = (decode * flopsPerToken + decode * effCtx * attnFlopsPerCtxToken) / peak;
      // Prefill chunks saturate the tensor cores; they do not hide under the weight stream of the decode part.
      const prefillComp = (prefill * flopsPerToken + prefill * (prefillCtx / 2) * attnFlopsPerCtxToken) / peak;
      let comm = 0;
      if (tp > 1) comm = 2 * layers * ar.seconds(tokens * arch.hiddenSize * cfg.dtypeBytes);
      const moeLayers = arch.moe ? layers - Math.min(layers, arch.moe.firstKDenseReplace ?? 0) : 0;
      // Every kernel of a layer has a minimum duration however few bytes it moves, so small models and
      // MoE layers at small batches are latency-bound: the step takes at least this long.
      const floor = ((layers - moeLayers) * THROUGHPUT.denseLayerFloorMs + moeLayers * THROUGHPUT.moeLayerFloorMs + (arch.mla ? layers * THROUGHPUT.mlaLayerFloorMs : 0)) / 1000;
      // The V0 engine prepared inputs and sampled on the CPU between steps, per layer of the graph it replays.
      const v0 = cfg.engine === 'v0' ? (THROUGHPUT.v0LayerOverheadMs * layers) / 1000 : 0;
      const overhead = (THROUGHPUT.stepOverheadMs + THROUGHPUT.perSeqOverheadMs * decode + (cfg.enforceEager ? THROUGHPUT.eagerLayerOverheadMs * layers : 0)) / 1000 + v0;
      const gpu = Math.max(memTime, decodeComp, floor);
      return { seconds: gpu + prefillComp + comm + overhead, bound: decodeComp + prefillComp > memTime ? 'compute' : gpu === floor && floor > memTime ? 'latency' : 'memory' };
    },
  };
}

/**
 * Latency and throughput of a closed-loop benchmark (`vllm bench serve
 * --max-concurrency c`) with fixed input/output lengths. Never throws; a
 * server that does not start gets zeros.
 */
export function estimateThroughput(cfg: ResolvedConfig, mem: MemoryBreakdown, expertBytesPerGpu: number, workload: Workload): ThroughputResult {
  const assumptions: string[] = [];
  const inLen = Math.max(1, workload.inputLen);
  const outLen = Math.max(1, workload.outputLen);
  const concurrency = Math.max(1, workload.concurrency ?? cfg.maxNumSeqs);
  if (!mem.fits || mem.kvCacheTokens <= 0) {
    return { concurrency, runningBatch: 0, tpotMs: 0, ttftMs: 0, outputTokS: 0, saturationTokS: 0, saturationBatch: 0, bound: 'memory', assumptions: ['the server would not start'] };
  }
  const model = stepModel(cfg, mem, expertBytesPerGpu);
  const perSeqTokens = Math.min(inLen + outLen, cfg.maxModelLen);
  const kvSeqs = Math.max(1, Math.floor(mem.kvCacheTokens / perSeqTokens));
  const cap = Math.min(cfg.maxNumSeqs, kvSeqs);
  const chunk = cfg.maxNumBatchedTokens;

  const run = (c: number): { tpot: number; ttft: number; tokS: number; batch: number; bound: 'memory' | 'compute' | 'latency' } => {
    const b = Math.min(c, cap);
    const ctx = inLen + outLen / 2;
    // Each of the other running requests prefills once per outLen decode steps: their prompts ride along in our steps.
    const prefillPerStep = Math.min(Math.max(0, chunk - b), ((b - 1) * inLen) / outLen);
    const pp = cfg.pp;
    const decodeStep = model.step(b, ctx, prefillPerStep, inLen);
    const tpot = decodeStep.seconds * pp;
    // Own prompt: in chunks of what the step budget leaves next to the running decodes.
    const room = Math.max(1, chunk - (b - 1));
    const chunks = Math.ceil(inLen / room);
    const firstChunk = Math.min(inLen, room);
    const prefillStep = model.step(b - 1, ctx, firstChunk, inLen).seconds * pp;
    // Prompts of other requests compete with ours: an arrival waits behind part of the others' prompt
    // compute, in proportion to the share of their life they spend prefilling (in/(in+out)).
    const onePrompt = model.step(0, 0, Math.min(inLen, chunk), inLen).seconds * Math.ceil(inLen / chunk) * pp;
    const contention = THROUGHPUT.prefillContention * (b - 1) * onePrompt * (inLen / (inLen + outLen));
    let ttft = chunks * prefillStep + 0.5 * tpot + contention;
    const e2e = ttft + (outLen - 1) * tpot;
    let tokS = (b * outLen) / e2e;
    if (c > b) {
      // Requests beyond the running batch wait for a slot: Little's law on the closed loop.
      const wait = ((c - b) / b) * e2e;
      ttft += wait;
      tokS = (b * outLen) / e2e;
    }
    return { tpot, ttft, tokS, batch: b, bound: decodeStep.bound };
  };

  const at = run(concurrency);
  const sat = run(cap);
  if (cap < concurrency) {
    assumptions.push(
      kvSeqs < cfg.maxNumSeqs
        ? `only ${cap} sequences of ${perSeqTokens} tokens fit in the KV cache; the rest queue`
        : `max_num_seqs ${cfg.maxNumSeqs} caps the running batch; the rest queue`,
    );
  }
  if (cfg.pp > 1) assumptions.push('pipeline stages run one after another for each token (no micro-batch overlap)');
  // Every fitted constant comes from NVIDIA runs; the one AMD sweep we hold out says how far off that can be.
  if (cfg.gpu.vendor === 'amd') assumptions.push(AMD_CAVEAT);
  const peakInfo = peakFlops(cfg.gpu, cfg);
  assumptions.push(
    at.bound === 'latency'
      ? `decode is latency-bound: too few bytes per layer to fill HBM, so each layer costs its kernel floor (~${THROUGHPUT.denseLayerFloorMs} ms dense, ~${THROUGHPUT.moeLayerFloorMs} ms MoE)`
      : `decode is ${at.bound}-bound; ${Math.round(THROUGHPUT.bandwidthEfficiency * 100)}% of HBM bandwidth and ${Math.round(THROUGHPUT.mfu * 100)}% of ${peakInfo.dtype} peak assumed${peakInfo.scaledNote ? ` (${peakInfo.scaledNote})` : ''}`,
  );
  return {
    concurrency,
    runningBatch: at.batch,
    tpotMs: at.tpot * 1000,
    ttftMs: at.ttft * 1000,
    outputTokS: at.tokS,
    saturationTokS: sat.tokS,
    saturationBatch: sat.batch,
    bound: at.bound,
    assumptions,
  };
}
