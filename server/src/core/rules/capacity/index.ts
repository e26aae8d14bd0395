/** Capacity and performance rules written against the ServingPlan, shared by every framework. */
import type { Rule } from '../rule';
import { kvCacheTooSmall } from './kv-cache-too-small';
import { modelDoesNotFit } from './model-does-not-fit';
import { maxNumSeqsExceedsKv } from './max-num-seqs-exceeds-kv';
import { maxModelLenFarAboveKv } from './max-model-len-far-above-kv';
import { gpuMemoryUtilizationLow } from './gpu-memory-utilization-low';
import { enforceEagerLatency } from './enforce-eager-latency';
import { tpOverPcie } from './tp-over-pcie';
import { sloTargetsUnreadable } from './slo-targets-unreadable';
import { sloUnreachable } from './slo-unreachable';
import { replicasBelowPeak } from './replicas-below-peak';
import { autoscalingTargetAboveSlo } from './autoscaling-target-above-slo';
import { fleetOversized } from './fleet-oversized';
import { samplerWarmupOom } from './sampler-warmup-oom';

export const CAPACITY_RULES: Rule[] = [kvCacheTooSmall, modelDoesNotFit, samplerWarmupOom, maxNumSeqsExceedsKv, maxModelLenFarAboveKv, gpuMemoryUtilizationLow, enforceEagerLatency, tpOverPcie, sloTargetsUnreadable, sloUnreachable, replicasBelowPeak, autoscalingTargetAboveSlo, fleetOversized];
