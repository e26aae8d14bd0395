/** The triton rules, one file each. */
import type { Rule } from '../../../rules/rule';
import { batchInputInvalid } from './batch-input-invalid';
import { batchOutputInvalid } from './batch-output-invalid';
import { batchStrategyWithSequenceBatcher } from './batch-strategy-with-sequence-batcher';
import { decoupledResponseCache } from './decoupled-response-cache';
import { defaultPriorityLevelRange } from './default-priority-level-range';
import { duplicateIoName } from './duplicate-io-name';
import { dynamicBatchingMissing } from './dynamic-batching-missing';
import { dynamicBatchingWithoutBatching } from './dynamic-batching-without-batching';
import { ensembleCircularDependency } from './ensemble-circular-dependency';
import { ensembleDataflow } from './ensemble-dataflow';
import { ensembleDecoupledBranching } from './ensemble-decoupled-branching';
import { ensembleForbiddenSections } from './ensemble-forbidden-sections';
import { ensembleInconsistentTensor } from './ensemble-inconsistent-tensor';
import { ensembleInputMappedTwice } from './ensemble-input-mapped-twice';
import { ensembleMapNonexistentIo } from './ensemble-map-nonexistent-io';
import { ensembleMaxBatchSizeExceedsStep } from './ensemble-max-batch-size-exceeds-step';
import { ensembleMissingScheduling } from './ensemble-missing-scheduling';
import { ensembleRequiredVersionMissing } from './ensemble-required-version-missing';
import { ensembleSchedulingOnNonEnsemble } from './ensemble-scheduling-on-non-ensemble';
import { ensembleStepIncomplete } from './ensemble-step-incomplete';
import { ensembleStepInputUnmapped } from './ensemble-step-input-unmapped';
import { ensembleStepModelMissing } from './ensemble-step-model-missing';
import { ensembleTensorWrittenTwice } from './ensemble-tensor-written-twice';
import { ensembleWithBackend } from './ensemble-with-backend';
import { queueWithoutTimeout } from './queue-without-timeout';
import { instanceGroupGpuOutOfRange } from './instance-group-gpu-out-of-range';
import { instanceGroupGpusOnCpuKind } from './instance-group-gpus-on-cpu-kind';
import { instanceGroupProfileNonTensorrt } from './instance-group-profile-non-tensorrt';
import { instanceGroupsOvercommitGpu } from './instance-groups-overcommit-gpu';
import { ioFormatNeeds3Dims } from './io-format-needs-3-dims';
import { ioRequiredFields } from './io-required-fields';
import { ioDataTypeDimsMissing } from './io-data-type-dims-missing';
import { nameDirectoryMismatch } from './name-directory-mismatch';
import { nonLinearIoFormat } from './non-linear-io-format';
import { platformBackendMismatch } from './platform-backend-mismatch';
import { platformOrBackendRequired } from './platform-or-backend-required';
import { preferredBatchSizeAboveMax } from './preferred-batch-size-above-max';
import { preserveOrderingDelayTimeout } from './preserve-ordering-delay-timeout';
import { preserveOrderingPriorities } from './preserve-ordering-priorities';
import { priorityQueuePolicyLevelRange } from './priority-queue-policy-level-range';
import { queueDelayExceedsLatencyBudget } from './queue-delay-exceeds-latency-budget';
import { reshapeElementCount } from './reshape-element-count';
import { reshapeEmptyNonBatching } from './reshape-empty-non-batching';
import { runtimeEscapesBackendDir } from './runtime-escapes-backend-dir';
import { sequenceBatchingResponseCache } from './sequence-batching-response-cache';
import { sequenceControlKindRepeated } from './sequence-control-kind-repeated';
import { sequenceControlMissingFalseTrue } from './sequence-control-missing-false-true';
import { sequenceControlMultipleFalseTrue } from './sequence-control-multiple-false-true';
import { sequenceControlTensorMultipleKinds } from './sequence-control-tensor-multiple-kinds';
import { sequenceControlTensorNoName } from './sequence-control-tensor-no-name';
import { sequenceCorridControl } from './sequence-corrid-control';
import { sequenceOldestPreferredBatchSize } from './sequence-oldest-preferred-batch-size';
import { sequenceStateInitialState } from './sequence-state-initial-state';
import { shapeTensorNonTensorrt } from './shape-tensor-non-tensorrt';
import { tensorrtAllocationStrategyInvalid } from './tensorrt-allocation-strategy-invalid';
import { unknownPlatform } from './unknown-platform';
import { vllmBackendDecoupledFalse } from './vllm-backend-decoupled-false';
import { vllmBackendMaxBatchSize } from './vllm-backend-max-batch-size';

export const TRITON_RULES: Rule[] = [
  batchInputInvalid,
  batchOutputInvalid,
  batchStrategyWithSequenceBatcher,
  decoupledResponseCache,
  defaultPriorityLevelRange,
  duplicateIoName,
  dynamicBatchingMissing,
  dynamicBatchingWithoutBatching,
  ensembleCircularDependency,
  ensembleDataflow,
  ensembleDecoupledBranching,
  ensembleForbiddenSections,
  ensembleInconsistentTensor,
  ensembleInputMappedTwice,
  ensembleMapNonexistentIo,
  ensembleMaxBatchSizeExceedsStep,
  ensembleMissingScheduling,
  ensembleRequiredVersionMissing,
  ensembleSchedulingOnNonEnsemble,
  ensembleStepIncomplete,
  ensembleStepInputUnmapped,
  ensembleStepModelMissing,
  ensembleTensorWrittenTwice,
  ensembleWithBackend,
  instanceGroupGpuOutOfRange,
  instanceGroupGpusOnCpuKind,
  instanceGroupProfileNonTensorrt,
  instanceGroupsOvercommitGpu,
  ioFormatNeeds3Dims,
  ioRequiredFields,
  ioDataTypeDimsMissing,
  nameDirectoryMismatch,
  nonLinearIoFormat,
  platformBackendMismatch,
  platformOrBackendRequired,
  preferredBatchSizeAboveMax,
  preserveOrderingDelayTimeout,
  preserveOrderingPriorities,
  priorityQueuePolicyLevelRange,
  queueDelayExceedsLatencyBudget,
  queueWithoutTimeout,
  reshapeElementCount,
  reshapeEmptyNonBatching,
  runtimeEscapesBackendDir,
  sequenceBatchingResponseCache,
  sequenceControlKindRepeated,
  sequenceControlMissingFalseTrue,
  sequenceControlMultipleFalseTrue,
  sequenceControlTensorMultipleKinds,
  sequenceControlTensorNoName,
  sequenceCorridControl,
  sequenceOldestPreferredBatchSize,
  sequenceStateInitialState,
  shapeTensorNonTensorrt,
  tensorrtAllocationStrategyInvalid,
  unknownPlatform,
  vllmBackendDecoupledFalse,
  vllmBackendMaxBatchSize,
];
