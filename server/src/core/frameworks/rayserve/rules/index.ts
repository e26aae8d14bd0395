/** The rayserve rules, one file each. */
import type { Rule } from '../../../rules/rule';
import { autoscalingInitialAboveMax } from './autoscaling-initial-above-max';
import { autoscalingInitialBelowMin } from './autoscaling-initial-below-min';
import { autoscalingMaxBelowMin } from './autoscaling-max-below-min';
import { duplicateApplicationNames } from './duplicate-application-names';
import { duplicateRoutePrefixes } from './duplicate-route-prefixes';
import { externalScalerWithAutoscaling } from './external-scaler-with-autoscaling';
import { hostPortInApplication } from './host-port-in-application';
import { llmDisableLogStatsWithMetrics } from './llm-disable-log-stats-with-metrics';
import { llmPrefixAffinityRouting } from './llm-prefix-affinity-routing';
import { llmDuplicateModelIds } from './llm-duplicate-model-ids';
import { llmNumRouterReplicasRenamed } from './llm-num-router-replicas-renamed';
import { llmPdKvTransferMissing } from './llm-pd-kv-transfer-missing';
import { llmPdModelIdMismatch } from './llm-pd-model-id-mismatch';
import { maxReplicasPerNodeWithBundles } from './max-replicas-per-node-with-bundles';
import { numReplicasWithAutoscaling } from './num-replicas-with-autoscaling';
import { placementGroupBundleTooSmall } from './placement-group-bundle-too-small';
import { maxOngoingBelowEngineBatch } from './max-ongoing-below-engine-batch';
import { replicasExceedCluster } from './replicas-exceed-cluster';
import { targetOngoingAtOrAboveMaxOngoing } from './target-ongoing-at-or-above-max-ongoing';
import { runtimeEnvLocalUri } from './runtime-env-local-uri';
import { placementGroupOptionNeedsBundles } from './placement-group-option-needs-bundles';
import { llmEngineKwargsModelKey } from './llm-engine-kwargs-model-key';
import { llmKvConnectorInvalid } from './llm-kv-connector-invalid';
import { llmPlacementBundlesFewerThanTpPp } from './llm-placement-bundles-fewer-than-tp-pp';
import { fractionalGpuCannotHoldModel } from './fractional-gpu-cannot-hold-model';
import { llmExecutorBackendNotRay } from './llm-executor-backend-not-ray';
import { actorResourcesCpuGpu } from './actor-resources-cpu-gpu';
import { actorResourceQuantity } from './actor-resource-quantity';
import { singleApplicationConfig } from './single-application-config';
import { actorLabelSelectorInvalid } from './actor-label-selector-invalid';
import { downscaleDelayBelowColdStart } from './downscale-delay-below-cold-start';
import { scaleToZeroColdStartOverTimeout } from './scale-to-zero-cold-start-over-timeout';

export const RAYSERVE_RULES: Rule[] = [
  duplicateApplicationNames,
  duplicateRoutePrefixes,
  placementGroupBundleTooSmall,
  numReplicasWithAutoscaling,
  autoscalingMaxBelowMin,
  autoscalingInitialBelowMin,
  autoscalingInitialAboveMax,
  maxReplicasPerNodeWithBundles,
  externalScalerWithAutoscaling,
  hostPortInApplication,
  llmDisableLogStatsWithMetrics,
  llmPrefixAffinityRouting,
  llmDuplicateModelIds,
  llmNumRouterReplicasRenamed,
  llmPdModelIdMismatch,
  llmPdKvTransferMissing,
  targetOngoingAtOrAboveMaxOngoing,
  maxOngoingBelowEngineBatch,
  downscaleDelayBelowColdStart,
  scaleToZeroColdStartOverTimeout,
  replicasExceedCluster,
  runtimeEnvLocalUri,
  placementGroupOptionNeedsBundles,
  llmEngineKwargsModelKey,
  llmKvConnectorInvalid,
  llmPlacementBundlesFewerThanTpPp,
  fractionalGpuCannotHoldModel,
  llmExecutorBackendNotRay,
  actorResourcesCpuGpu,
  actorResourceQuantity,
  singleApplicationConfig,
  actorLabelSelectorInvalid,
];
