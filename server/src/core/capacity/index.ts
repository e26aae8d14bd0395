/**
 * Public API of the capacity model. Consumers (rules, hovers, CLI, advisor)
 * import from here.
 */
export * from './types';
export { estimate, engineModel, type EngineModel, type EstimateContext } from './estimate';
export { resolveConfig, quantFromFlag } from './defaults';
export { toJsonReport, type JsonReport } from './jsonReport';
export { biggestLever, type Lever } from './levers';
export { resolveGpu, gpuCatalog, gpuPrice, normalizeGpuName, gpuFromCatalogEntry } from './gpus';
export { resolveModel, type ResolveModelOptions } from './models';
export { archFromCatalogEntry, modelCatalog } from './modelCatalog';
export { archFromHfConfig } from './hfConfig';
export { clearHubCache } from './hubAnswers';
export { estimateMemory, activationBytesPerToken, type ResolvedConfig } from './memory';
export { kvLayout, kvCapacity, kvBytesForOneRequest, BLOCK_SIZE } from './kvcache';
export { weightsPerGpu, paramBreakdown, quantBytesPerWeight, dtypeBytes } from './weights';
export { estimateThroughput, stepModel, peakFlops, type StepModel } from './throughput';
export { estimateCost } from './cost';
export { estimateTrtllmMemory, type TrtllmConfig } from './trtllm';
export { engineFromConfigJson, type TrtllmEngine } from './trtllmEngine';
