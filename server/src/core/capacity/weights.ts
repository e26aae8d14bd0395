/**
 * Weight memory per GPU, the way vLLM's loader lays it out: linear layers in
 * the (possibly quantized) checkpoint format and sharded over tensor-parallel
 * ranks, embeddings / lm_head / vision tower at 16-bit and vocab-sharded, MoE
 * experts all resident, tied embeddings counted once, plus the rotary cos/sin
 * cache every rank holds.
 */
import type { ModelArch, QuantizationInfo } from './types';

export interface ParamBreakdown {
  embed: number;
  lmHead: number;
  vision: number;
  /** Per-layer linear params that are split across TP ranks. */
  attnSharded: number;
  /** Per-layer linear params every TP rank holds in full (MLA down-projections, routers). */
  attnReplicated: number;
  /** Per-layer dense MLP params (0 for pure-MoE layers). */
  denseMlpPerLayer: number;
  /** Per-layer MoE expert params (routed + shared). */
  expertsPerLayer: number;
  sharedExpertsPerLayer: number;
  routerPerLayer: number;
  denseLayers: number;
  moeLayers: number;
  total: number;
}

/**
 * MLP with two matrices instead of gate/up/down (OPT, GPT-2, Phi-2, Falcon,
 * StarCoder2's c_fc/c_proj in vllm/model_executor/models/starcoder2.py, GPT-J's
 * fc_in/fc_out: EleutherAI/gpt-j-6b's 6.05B parameters only add up with two).
 */
function isUngatedMlp(arch: ModelArch): boolean {
  return /^(OPT|GPT2|GPTNeoX|Falcon|Phi|GPTBigCode|Bloom|Starcoder2|GPTJ)(ForCausalLM|LMHeadModel)$/.test(arch.architecture ?? '');
}

/**
 * Whether vLLM computes logits from the input embedding. Gemma 1-3 and Cohere
 * do so whatever the config says (compute_logits passes model.embed_tokens in
 * vllm/model_executor/models/gemma.py, gemma2.py, gemma3.py and commandr.py),
 * so a config or catalog row without tie_word_embeddings must not add an lm_head.
 */
export function tiesEmbeddings(arch: ModelArch): boolean {
  return arch.tieWordEmbeddings || /^(Gemma[23]?ForCausalLM|Gemma3ForConditionalGeneration|Cohere2?ForCausalLM)$/.test(arch.architecture ?? '');
}

/** Counts parameters from the shape; scales linear parts to the catalog's exact total when known. */
export function paramBreakdown(arch: ModelArch): ParamBreakdown {
  const H = arch.hiddenSize;
  const L = arch.numLayers;
  const embed = arch.vocabSize * H;
  const lmHead = tiesEmbeddings(arch) ? 0 : arch.vocabSize * H;
  const vision = arch.visionParams ?? 0;
  let attnSharded: number;
  let attnReplicated = 0;
  if (arch.mla) {
    const m = arch.mla;
    const nope = m.qkNopeHeadDim ?? 128;
    const v = m.vHeadDim ?? 128;
    const qHead = arch.numHeads * (nope + m.qkRopeHeadDim);
    const qa = m.qLoraRank ? H * m.qLoraRank : 0;
    const qb = m.qLoraRank ? m.qLoraRank * qHead : H * qHead;
    attnReplicated = qa + H * (m.kvLoraRank + m.qkRopeHeadDim);
    attnSharded = qb + m.kvLoraRank * arch.numHeads * (nope + v) + arch.numHeads * v * H;
  } else {
    const d = arch.headDim;
    attnSharded = H * arch.numHeads * d * 2 + 2 * H * arch.numKvHeads * d;
  }
  const mlpMats = isUngatedMlp(arch) ? 2 : 3;
  let denseLayers = L;
  let moeLayers = 0;
  let expertsPerLayer = 0;
  let sharedExpertsPerLayer = 0;
  let routerPerLayer = 0;
  if (arch.moe) {
    const m = arch.moe;
    const step = m.moeLayerStep && m.moeLayerStep > 1 ? m.moeLayerStep : 1;
    const first = m.firstKDenseReplace ?? 0;
    moeLayers = Math.floor((L - first) / step);
    denseLayers = L - moeLayers;
    expertsPerLayer = m.numExperts * 3 * H * m.moeIntermediateSize;
    const sharedInter = m.sharedIntermediateSize ?? (m.sharedExperts ?? 0) * m.moeIntermediateSize;
    sharedExpertsPerLayer = 3 * H * sharedInter;
    routerPerLayer = H * m.numExperts;
  }
  const denseMlpPerLayer = mlpMats * H * arch.intermediateSize;
  const linear =
    L * (attnSharded + attnReplicated) + denseLayers * denseMlpPerLayer + moeLayers * (expertsPerLayer + sharedExpertsPerLayer + routerPerLayer);
  const bd: ParamBreakdown = {
    embed,
    lmHead,
    vision,
    attnSharded,
    attnReplicated,
    denseMlpPerLayer,
    expertsPerLayer,
    sharedExpertsPerLayer,
    routerPerLayer,
    denseLayers,
    moeLayers,
    total: embed + lmHead + vision + linear,
  };
  // The catalog's exact count includes biases, norms and odd shapes the formula misses.
  if (arch.paramsTotal && linear > 0) {
    const ratio = (arch.paramsTotal - embed - lmHead - vision) / linear;
    if (ratio > 0.85 && ratio < 1.2) {
      bd.attnSharded *= ratio;
      bd.attnReplicated *= ratio;
      bd.denseMlpPerLayer *= ratio;
      bd.expertsPerLayer *= ratio;
      bd.sharedExpertsPerLayer *= ratio;
      bd.routerPerLayer *= ratio;
      bd.total = arch.paramsTotal;
    }
  }
  return bd;
}

/** Bytes per weight of a quantized linear layer, including its scales/zero points. */
export function quantBytesPerWeight(q: QuantizationInfo | undefined, dtypeBytes: number): number {
  if (!q) return dtypeBytes;
  const method = q.method.toLowerCase();
  const bits = q.bits ?? (method === 'fp8' || method === 'int8' ? 8 : 4);
  const g = q.groupSize && q.groupSize > 0 ? q.groupSize : 128;
  switch (method) {
    case 'awq':
    case 'gptq':
    case 'awq_marlin':
    case 'gptq_marlin':
      // Packed ints + one fp16 scale and one packed zero point per group.
      return bits / 8 + (2 + bits / 8) / g;
    case 'compressed-tensors':
      // w4a16 groups carry an fp16 scale; w8a8 carries one scale per output channel (negligible).
      return bits >= 8 ? 1 : bits / 8 + 2 / g;
    case 'fp8':
    case 'fbgemm_fp8':
    case 'int8':
    case 'experts_int8':
      return 1;
    case 'mxfp4':
      // 4-bit e2m1 values with one e8m0 scale byte per 32.
      return 0.5 + 1 / 32;
    case 'nvfp4':
    case 'modelopt_fp4':
      // 4-bit values with one fp8 scale per 16.
      return 0.5 + 1 / 16;
    case 'bitsandbytes':
      // nf4 with double-quantized absmax: ~1 byte per 64 weights of statistics.
      return bits >= 8 ? 1 + 4 / 64 : 0.5 + 1 / 64;
    case 'gguf':
      return bits / 8 + 0.06;
    default:
      return bits / 8;
  }
}

export interface WeightsResult {
  bytesPerGpu: number;
  /** Bytes of the expert weights on one GPU (what a decode step reads only partly). */
  expertBytesPerGpu: number;
  totalBytes: number;
  assumptions: string[];
}

/** Bytes per element of a dtype spelled the vLLM/torch way. */
export function dtypeBytes(dtype: string | undefined): number {
  const d = (dtype ?? '').toLowerCase();
  if (d === 'float32' || d === 'fp32' || d === 'float') return 4;
  if (d.includes('fp8') || d.includes('float8') || d === 'int8') return 1;
  return 2;
}

/**
 * Weight bytes on the busiest GPU under tensor parallel `tp` and pipeline
 * parallel `pp`. `servedDtypeBytes` is the activation dtype (bf16/fp16 = 2).
 */
export function weightsPerGpu(arch: ModelArch, tp: number, pp: number, servedDtypeBytes: number, quant: QuantizationInfo | undefined): WeightsResult {
  const bd = paramBreakdown(arch);
  const assumptions: string[] = [];
  const lin = quantBytesPerWeight(quant, servedDtypeBytes);
  const expertsOnly = quant?.expertsOnly || quant?.method === 'mxfp4';
  const attnUnquantized = expertsOnly || quant?.method === 'fbgemm_fp8';
  const attnBytes = attnUnquantized ? servedDtypeBytes : lin;
  // vLLM's mxfp4 MoE kernels pad each rank's expert intermediate size to a multiple of 128 and the hidden size to 256.
  let expertPad = 1;
  if (quant?.method === 'mxfp4' && arch.moe) {
    const inter = arch.moe.moeIntermediateSize / tp;
    const roundUp = (x: number, m: number): number => Math.ceil(x / m) * m;
    expertPad = (roundUp(inter, 128) * roundUp(arch.hiddenSize, 256)) / (inter * arch.hiddenSize);
  }
  const expertBytes = lin * expertPad;
  const layersOnStage = Math.ceil(arch.numLayers / pp);
  const layerShare = layersOnStage / arch.numLayers;

  // KV projections are replicated when there are fewer KV heads than TP ranks.
  let attnShardedPerRank = bd.attnSharded / tp;
  if (!arch.mla && arch.numKvHeads < tp) {
    const kvParams = 2 * arch.hiddenSize * arch.numKvHeads * arch.headDim;
    attnShardedPerRank = (bd.attnSharded - kvParams) / tp + (2 * arch.hiddenSize * arch.headDim);
  }
  const perLayerDense = (attnShardedPerRank + bd.attnReplicated) * attnBytes + (bd.denseMlpPerLayer / tp) * lin;
  const perLayerMoe =
    (attnShardedPerRank + bd.attnReplicated) * attnBytes +
    (bd.expertsPerLayer / tp) * expertBytes +
    (bd.sharedExpertsPerLayer / tp) * (expertsOnly ? servedDtypeBytes : lin) +
    bd.routerPerLayer * servedDtypeBytes;
  const denseOnStage = bd.denseLayers * layerShare;
  const moeOnStage = bd.moeLayers * layerShare;
  // Whole layers kept in 16-bit cost their MLP's difference; spread over the stages like the others.
  const keptLayers = quant ? Math.min(quant.unquantizedLayers ?? 0, bd.denseLayers) : 0;
  const keptExtraPerLayer = bd.denseMlpPerLayer * (servedDtypeBytes - lin);
  const layerBytes = denseOnStage * perLayerDense + moeOnStage * perLayerMoe + (keptLayers * layerShare * keptExtraPerLayer) / tp;

  // Embedding on the first stage, lm_head on the last; with PP > 1 a tied head is materialised on both.
  const embedBytes = (bd.embed / tp) * servedDtypeBytes;
  const headParams = tiesEmbeddings(arch) ? (pp > 1 ? bd.embed : 0) : bd.lmHead;
  const headBytes = (headParams / tp) * servedDtypeBytes;
  const endsBytes = pp > 1 ? Math.max(embedBytes, headBytes) : embedBytes + headBytes;
  const visionBytes = (bd.vision / tp) * servedDtypeBytes;
  const rotaryDim = arch.mla ? arch.mla.qkRopeHeadDim : arch.headDim;
  const ropeBytes = (arch.ropePositions ?? (arch.maxPositionEmbeddings || 8192)) * rotaryDim * servedDtypeBytes;

  let bytes = layerBytes + endsBytes + visionBytes + ropeBytes;
  let expertBytesPerGpu = moeOnStage * (bd.expertsPerLayer / tp) * expertBytes;
  const totalModelBytes =
    bd.denseLayers * ((bd.attnSharded + bd.attnReplicated) * attnBytes + bd.denseMlpPerLayer * lin) +
    keptLayers * keptExtraPerLayer +
    bd.moeLayers * ((bd.attnSharded + bd.attnReplicated) * attnBytes + bd.expertsPerLayer * expertBytes + bd.sharedExpertsPerLayer * lin + bd.routerPerLayer * servedDtypeBytes) +
    (bd.embed + bd.lmHead + bd.vision) * servedDtypeBytes;

  // A measured checkpoint size beats the formula when the served format is the checkpoint's.
  const checkpointDtype = dtypeBytes(arch.torchDtype);
  if (arch.weightsBytes && arch.weightsBytes > 0 && (quant === arch.quantization || !quant) && (quant || checkpointDtype === servedDtypeBytes)) {
    const scale = arch.weightsBytes / totalModelBytes;
    if (scale > 0.8 && scale < 1.25) {
      bytes = (bytes - ropeBytes) * scale + ropeBytes;
      expertBytesPerGpu *= scale;
      assumptions.push('weights scaled to the checkpoint size recorded in the catalog');
    }
  }
  if (expertPad > 1.001) assumptions.push(`mxfp4 expert weights padded by ${((expertPad - 1) * 100).toFixed(1)}% for vLLM's MoE kernels`);
  if (quant) {
    const scope = expertsOnly ? ', experts only' : quant.method === 'fbgemm_fp8' ? ', MLPs only' : '';
    const kept = quant.unquantizedLayers ? `, ${quant.unquantizedLayers} layers kept 16-bit` : '';
    assumptions.push(`linear layers at ${lin.toFixed(3)} bytes/weight (${quant.method}${quant.bits ? ` ${quant.bits}-bit` : ''}${scope}${kept}); embeddings and lm_head at 16-bit`);
  }
  return { bytesPerGpu: bytes, expertBytesPerGpu, totalBytes: totalModelBytes, assumptions };
}
