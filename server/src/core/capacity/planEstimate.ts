/**
 * Glue between a ServingPlan deployment and the capacity engine: picks the target
 * hardware (the file > the `# servescope:` comment > the setting), feeds the engine
 * with the deployment's settings, and says what is missing when it can't.
 */
import type { ServedDeployment } from '../plan';
import type { Settings } from '../types';
import type { Modeline } from '../modeline';
import { estimate } from './estimate';
import type { Estimate, EstimateInput } from './types';
import type { SlaEvaluation } from '../planner/inFile';
import { engineInputOf } from '../engineArgs/planFields';
import { releaseInput } from './releases';

export interface PlanEstimate {
  deployment: ServedDeployment;
  /** Where the GPU type came from, for the assumptions line. */
  hardwareOrigin?: 'file' | 'modeline' | 'setting';
  /** GPUs in the target cluster, when the user told us. */
  clusterGpus?: number;
  /** What was fed to the engine (absent when the deployment isn't an LLM engine we model). */
  input?: EstimateInput;
  estimate?: Estimate;
  /** What the user must set for an estimate, e.g. "servescope.hardware.gpu". */
  missing: string[];
  /** Where the quoted concurrency came from: the settings, the file's admission cap, or the default. */
  concurrencyOrigin?: 'setting' | 'file' | 'default';
  /** The deployment judged against the traffic and SLO the user stated (servescope.traffic / slo). */
  sla?: SlaEvaluation;
}

/**
 * Concurrency the hover and summary quote when neither the file nor
 * servescope.workload.concurrency says: a moderate interactive load, stated in the
 * hover so nobody mistakes it for a measurement of their traffic.
 */
export const DEFAULT_CONCURRENCY = 16;

const num = (s: { value: unknown } | undefined): number | undefined => (s && typeof s.value === 'number' ? s.value : undefined);

export function targetGpu(d: ServedDeployment, settings: Settings, modeline?: Modeline): { gpu?: string; origin?: PlanEstimate['hardwareOrigin'] } {
  if (d.hardware.gpu?.value) return { gpu: d.hardware.gpu.value, origin: 'file' };
  if (modeline?.gpu) return { gpu: modeline.gpu, origin: 'modeline' };
  if (settings.hardware.gpu) return { gpu: settings.hardware.gpu, origin: 'setting' };
  return {};
}

/** The vLLM release the user runs, and the engine generation it budgets memory like. */
export function vllmRelease(settings: Settings, modeline?: Modeline): Pick<EstimateInput, 'engine' | 'vllmVersion'> {
  const v = settings.versions.vllm ?? modeline?.facts.version;
  return (v && releaseInput(v)) || {};
}

export function inputFor(d: ServedDeployment, settings: Settings, gpu: string, modeline?: Modeline): EstimateInput | undefined {
  const model = d.model.id?.value;
  if (!model) return undefined;
  const w = settings.workload;
  return {
    ...vllmRelease(settings, modeline),
    ...engineInputOf(d),
    model,
    gpu,
    workload: { inputLen: w.inputLen, outputLen: w.outputLen, concurrency: quotedConcurrency(d, settings).value },
    gpuPrices: settings.gpuPrices,
  };
}

export function estimatePlanDeployment(d: ServedDeployment, settings: Settings, modeline?: Modeline): PlanEstimate {
  const clusterGpus = modeline?.count ?? settings.hardware.count;
  const out: PlanEstimate = { deployment: d, missing: [], clusterGpus };
  if (d.engine !== 'vllm' && d.engine !== 'tensorrt-llm') return out;
  const { gpu, origin } = targetGpu(d, settings, modeline);
  out.hardwareOrigin = origin;
  // A companion file that could not be read says more than "no model" would.
  if (d.argsFileProblem) out.missing.push(d.argsFileProblem);
  else if (!d.model.id?.value) out.missing.push('the model (model / model_loading_config.model_id)');
  if (!gpu) out.missing.push('the GPU: add `# servescope: gpu=H100-80GB count=8` to the file or set servescope.hardware.gpu');
  if (!gpu || out.missing.length) return out;
  out.input = d.trtllm ? trtllmInputFor(d, settings, gpu) : inputFor(d, settings, gpu, modeline);
  if (out.input?.workload) out.concurrencyOrigin = quotedConcurrency(d, settings).origin;
  if (!out.input) return out;
  try {
    // With Hub access allowed, configs already fetched by fetchHubConfig resolve too.
    out.estimate = estimate(out.input, settings.allowHubFetch ? { models: { allowHubFetch: true } } : {});
  } catch (err) {
    out.missing.push(`an estimate (the capacity model failed: ${err instanceof Error ? err.message : String(err)})`);
  }
  return out;
}

/** A TensorRT-LLM engine: the model and its limits come from the engine, the KV knobs from the backend's parameters. */
function trtllmInputFor(d: ServedDeployment, settings: Settings, gpu: string): EstimateInput | undefined {
  const e = d.trtllm?.engine;
  if (!e || typeof e === 'string') return undefined;
  return {
    model: e.arch,
    gpu,
    tensorParallel: e.tp,
    pipelineParallel: e.pp,
    trtllm: {
      maxSeqLen: e.maxSeqLen,
      maxBatchSize: e.maxBatchSize,
      tokensPerBlock: e.tokensPerBlock,
      kvDtypeBytes: e.kvDtypeBytes,
      freeMemFraction: num(d.trtllm?.freeMemFraction),
      maxTokensInPagedKvCache: num(d.trtllm?.maxTokensInPagedKvCache),
    },
    gpuPrices: settings.gpuPrices,
  };
}

/**
 * The concurrency estimates quote and where it came from: the setting, else the
 * default capped by what one replica admits when the file says (Ray Serve
 * max_ongoing_requests, BentoML traffic.max_concurrency). Triton's max_batch_size
 * is not such a cap.
 */
function quotedConcurrency(d: ServedDeployment, settings: Settings): { value: number; origin: 'setting' | 'file' | 'default' } {
  if (settings.workload.concurrency !== undefined) return { value: settings.workload.concurrency, origin: 'setting' };
  const cap = d.argsFile || d.trtllm ? undefined : num(d.admission.maxOngoing);
  return cap !== undefined && cap >= 1 && cap < DEFAULT_CONCURRENCY ? { value: cap, origin: 'file' } : { value: DEFAULT_CONCURRENCY, origin: 'default' };
}
