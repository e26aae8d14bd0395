/** The vllm rules, one file each. */
import type { Rule } from '../../../rules/rule';
import { autoToolChoiceRequiresParser } from './auto-tool-choice-requires-parser';
import { bf16OnPreAmpere } from './bf16-on-pre-ampere';
import { dataParallelSizeLocalExceedsSize } from './data-parallel-size-local-exceeds-size';
import { eplbRequiresExpertParallel } from './eplb-requires-expert-parallel';
import { falseFlagIgnored } from './false-flag-ignored';
import { integerArgumentDecimal } from './integer-argument-decimal';
import { jsonArgumentInvalid } from './json-argument-invalid';
import { compilationConfigBareLevel } from './compilation-config-bare-level';
import { logOutputsRequiresLogRequests } from './log-outputs-requires-log-requests';
import { loraMaxCpuLorasBelowMaxLoras } from './lora-max-cpu-loras-below-max-loras';
import { maxModelLenExceedsDerived } from './max-model-len-exceeds-derived';
import { maxNumBatchedTokensBelowMaxModelLen } from './max-num-batched-tokens-below-max-model-len';
import { maxNumBatchedTokensBelowMaxNumSeqs } from './max-num-batched-tokens-below-max-num-seqs';
import { quantizationMinCapability } from './quantization-min-capability';
import { tpNotDivisorOfAttentionHeads } from './tp-not-divisor-of-attention-heads';
import { worldSizeExceedsNodeGpus } from './world-size-exceeds-node-gpus';
import { speculativeTensorParallelSizeKey } from './speculative-tensor-parallel-size-key';
import { speculativeDraftTpInvalid } from './speculative-draft-tp-invalid';
import { speculativeNgramLookupOrder } from './speculative-ngram-lookup-order';
import { partialPrefillsRequireChunkedPrefill } from './partial-prefills-require-chunked-prefill';
import { maxLongPartialPrefillsAboveMaxPartial } from './max-long-partial-prefills-above-max-partial';
import { dataParallelExternalLbRequiresDp } from './data-parallel-external-lb-requires-dp';
import { tpNotDivisibleByDcp } from './tp-not-divisible-by-dcp';
import { redundantExpertsWithoutEplb } from './redundant-experts-without-eplb';
import { maxNumBatchedTokensAboveSeqsTimesLen } from './max-num-batched-tokens-above-seqs-times-len';
import { float16UnsupportedModel } from './float16-unsupported-model';
import { expertParallelOnDenseModel } from './expert-parallel-on-dense-model';
import { eplbRequiresParallelism } from './eplb-requires-parallelism';
import { nsightRequiresRay } from './nsight-requires-ray';
import { dcpA2aRequiresDcp } from './dcp-a2a-requires-dcp';
import { pcpWithDataParallel } from './pcp-with-data-parallel';
import { numaBindOptions } from './numa-bind-options';
import { asyncSchedulingPaddedDrafter } from './async-scheduling-padded-drafter';
import { speculativeMaxModelLenTooLarge } from './speculative-max-model-len-too-large';
import { dataParallelRankOutOfRange } from './data-parallel-rank-out-of-range';
import { speculativeTokensWithoutModel } from './speculative-tokens-without-model';

export const VLLM_RULES: Rule[] = [
  tpNotDivisorOfAttentionHeads,
  maxModelLenExceedsDerived,
  bf16OnPreAmpere,
  quantizationMinCapability,
  worldSizeExceedsNodeGpus,
  maxNumBatchedTokensBelowMaxModelLen,
  maxNumBatchedTokensBelowMaxNumSeqs,
  dataParallelSizeLocalExceedsSize,
  eplbRequiresExpertParallel,
  loraMaxCpuLorasBelowMaxLoras,
  autoToolChoiceRequiresParser,
  logOutputsRequiresLogRequests,
  jsonArgumentInvalid,
  compilationConfigBareLevel,
  falseFlagIgnored,
  integerArgumentDecimal,
  speculativeTensorParallelSizeKey,
  speculativeDraftTpInvalid,
  speculativeNgramLookupOrder,
  partialPrefillsRequireChunkedPrefill,
  maxLongPartialPrefillsAboveMaxPartial,
  dataParallelExternalLbRequiresDp,
  tpNotDivisibleByDcp,
  redundantExpertsWithoutEplb,
  maxNumBatchedTokensAboveSeqsTimesLen,
  float16UnsupportedModel,
  expertParallelOnDenseModel,
  eplbRequiresParallelism,
  nsightRequiresRay,
  dcpA2aRequiresDcp,
  pcpWithDataParallel,
  numaBindOptions,
  asyncSchedulingPaddedDrafter,
  speculativeMaxModelLenTooLarge,
  dataParallelRankOutOfRange,
  speculativeTokensWithoutModel,
];
