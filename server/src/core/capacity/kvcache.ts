/**
 * KV-cache layout the way vLLM's V1 KV cache manager builds it: one page per
 * 16-token block per layer, full-attention and sliding-window layers in groups
 * of equal size sharing one pool (the hybrid allocator), MLA's compressed
 * latent per token, fp8 KV halving the bytes.
 */
import type { ModelArch } from './types';

/** vLLM's default block size on CUDA. */
export const BLOCK_SIZE = 16;

export interface KvLayout {
  /** Bytes one token occupies in one layer on one GPU. */
  bytesPerTokenPerLayer: number;
  fullLayers: number;
  slidingLayers: number;
  slidingWindow: number | null;
  /** Layers sharing one block index (the hybrid allocator's group size). */
  groupSize: number;
  /** Number of KV cache groups (1 for uniform models). */
  numGroups: number;
  /** KV heads stored per GPU (1 for MLA). */
  kvHeadsPerGpu: number;
  /** Whether KV heads are replicated because there are fewer than TP ranks. */
  replicatedHeads: boolean;
}

function cdiv(a: number, b: number): number {
  return Math.ceil(a / b);
}

/** Layout of the KV cache on the busiest pipeline stage. */
export function kvLayout(arch: ModelArch, tp: number, pp: number, kvDtypeBytes: number): KvLayout {
  let bytesPerTokenPerLayer: number;
  let kvHeadsPerGpu: number;
  let replicatedHeads = false;
  if (arch.mla) {
    // MLA caches one compressed latent plus the rope key per token, identical on every TP rank.
    kvHeadsPerGpu = 1;
    bytesPerTokenPerLayer = (arch.mla.kvLoraRank + arch.mla.qkRopeHeadDim) * kvDtypeBytes;
  } else {
    replicatedHeads = arch.numKvHeads < tp;
    kvHeadsPerGpu = Math.max(1, Math.ceil(arch.numKvHeads / tp));
    bytesPerTokenPerLayer = 2 * kvHeadsPerGpu * arch.headDim * kvDtypeBytes;
  }
  const window = arch.slidingWindow && arch.slidingWindow > 0 ? arch.slidingWindow : null;
  let sliding = 0;
  let full = arch.numLayers;
  if (window) {
    if (arch.slidingLayers !== undefined) {
      sliding = arch.slidingLayers;
      full = arch.fullLayers ?? arch.numLayers - sliding;
    } else {
      sliding = arch.numLayers;
      full = 0;
    }
  }
  // The busiest stage holds ceil(L/pp) layers in the model's own mix.
  const stageLayers = Math.ceil(arch.numLayers / pp);
  const fullOnStage = Math.round((full * stageLayers) / arch.numLayers);
  const slidingOnStage = stageLayers - fullOnStage;
  let groupSize = stageLayers;
  let numGroups = 1;
  if (fullOnStage > 0 && slidingOnStage > 0) {
    const min = Math.min(fullOnStage, slidingOnStage);
    const max = Math.max(fullOnStage, slidingOnStage);
    groupSize = max < min * 1.5 ? max : min;
    numGroups = cdiv(fullOnStage, groupSize) + cdiv(slidingOnStage, groupSize);
  }
  return {
    bytesPerTokenPerLayer,
    fullLayers: fullOnStage,
    slidingLayers: slidingOnStage,
    slidingWindow: window,
    groupSize,
    numGroups,
    kvHeadsPerGpu,
    replicatedHeads,
  };
}

/** Blocks one request of `maxLen` tokens needs in one layer of each kind. */
function blocksPerLayer(layout: KvLayout, maxLen: number, maxNumBatchedTokens: number): { full: number; sliding: number } {
  const full = cdiv(maxLen, BLOCK_SIZE);
  let sliding = full;
  if (layout.slidingWindow) {
    const tokens = Math.min(layout.slidingWindow - 1 + maxNumBatchedTokens, maxLen);
    sliding = cdiv(tokens, BLOCK_SIZE) + 1;
  }
  return { full, sliding };
}

/** Bytes of KV cache one request of `maxLen` tokens needs on one GPU (vLLM's startup check). */
export function kvBytesForOneRequest(layout: KvLayout, maxLen: number, maxNumBatchedTokens: number): number {
  const page = layout.bytesPerTokenPerLayer * BLOCK_SIZE;
  const b = blocksPerLayer(layout, maxLen, maxNumBatchedTokens);
  return page * (b.full * layout.fullLayers + b.sliding * layout.slidingLayers);
}

export interface KvCapacity {
  numBlocks: number;
  /** vLLM's "GPU KV cache size: N tokens". */
  tokens: number;
  /** vLLM's "Maximum concurrency for N tokens per request". */
  maxConcurrency: number;
  /** Bytes of one request at max_model_len. */
  bytesForOneRequest: number;
  /** Largest max_model_len whose one request fits, when smaller than asked. */
  maxLenThatFits: number;
}

/** Turns available KV memory into blocks, tokens and concurrency as vLLM reports them. */
export function kvCapacity(layout: KvLayout, availableBytes: number, maxLen: number, maxNumBatchedTokens: number): KvCapacity {
  const page = layout.bytesPerTokenPerLayer * BLOCK_SIZE;
  const avail = Math.max(0, availableBytes);
  const numBlocks = Math.floor(avail / page / layout.groupSize);
  const b = blocksPerLayer(layout, maxLen, maxNumBatchedTokens);
  const uniform = layout.numGroups === 1;
  let blocksPerRequest: number;
  if (uniform) {
    blocksPerRequest = layout.fullLayers > 0 ? b.full : b.sliding;
  } else {
    const fullGroups = cdiv(layout.fullLayers, layout.groupSize);
    const slidingGroups = cdiv(layout.slidingLayers, layout.groupSize);
    blocksPerRequest = fullGroups * b.full + slidingGroups * b.sliding;
  }
  const maxConcurrency = blocksPerRequest > 0 ? numBlocks / blocksPerRequest : 0;
  // Full-attention-only models report blocks × block size; hybrid / sliding ones report concurrency × max_model_len.
  const tokens = uniform && layout.fullLayers > 0 ? numBlocks * BLOCK_SIZE : Math.floor(maxConcurrency * maxLen);
  const bytesForOneRequest = kvBytesForOneRequest(layout, maxLen, maxNumBatchedTokens);
  let maxLenThatFits = maxLen;
  if (bytesForOneRequest > avail) {
    let lo = 0;
    let hi = maxLen;
    while (lo < hi) {
      const mid = Math.floor((lo + hi + 1) / 2);
      if (kvBytesForOneRequest(layout, mid, maxNumBatchedTokens) <= avail) lo = mid;
      else hi = mid - 1;
    }
    maxLenThatFits = lo;
  }
  return { numBlocks, tokens, maxConcurrency, bytesForOneRequest, maxLenThatFits };
}
