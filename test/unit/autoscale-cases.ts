/**
 * Autoscaling plans written out by hand, so the golden files test the renderers alone and
 * don't move when the capacity model is recalibrated. The numbers are shaped like a real
 * plan (Llama-3.1-8B on one H100 at 40 req/s); autoscale-derive.test.ts checks the
 * derivation itself against the planner.
 */
import type { AutoscalePlan } from '../../server/src/core/autoscale/derive';
import type { KubernetesOptions } from '../../server/src/core/autoscale/kubernetes';
import type { ObserveFramework } from '../../server/src/core/observe/metrics';

function plan(framework: ObserveFramework, name: string, matchers: Record<string, string>): AutoscalePlan {
  return {
    name,
    framework,
    slo: 'ttft:p95<800ms;tpot:p95<60ms',
    peakRps: 40,
    avgRps: 15,
    perReplicaRps: 15.2,
    gpusPerReplica: 1,
    minReplicas: { value: 2, why: 'average 15 req/s at 15.2 req/s per replica, plus one spare' },
    maxReplicas: { value: 4, why: 'peak 40 req/s needs 3 at 15.2 req/s per replica, plus one spare' },
    targetOngoing: { value: 23, why: '23.9 requests in flight per replica at the operating point, rounded down' },
    maxOngoing: { value: 256, why: 'the batch the engine runs: max_num_seqs 256' },
    coldStartS: { value: 119, why: 'cold start ≈ 119 s: 16 s process start + 12 s weights + 91 s engine init' },
    upscaleDelayS: { value: 12, why: 'a tenth of the 119 s cold start' },
    downscaleDelayS: { value: 600, why: 'two cold starts rounded up to a minute, at least 600 s' },
    waitingPerReplica: { value: 5, why: 'half of the 11 waiting requests at which the TTFT target breaks' },
    queueTimeMs: { value: 378, why: 'half of the 757 ms of TTFT slack' },
    kvUsage: { value: 0.31, why: 'mean KV-cache usage of one replica at the operating point, 31.6% at 15.2 req/s, rounded down' },
    matchers,
  };
}

export const PLANS = {
  vllm: plan('vllm', 'llama-8b', { model_name: 'meta-llama/Llama-3.1-8B-Instruct' }),
  triton: plan('triton', 'llama_vllm', { model: 'llama_vllm' }),
  rayserve: plan('rayserve', 'llm_app', { application: 'llm' }),
  bentoml: plan('bentoml', 'VLLMService', { service_name: 'VLLMService' }),
} as const;

/** Every artifact with a golden file: case name → format and plan. */
export const ARTIFACTS = [
  { file: 'vllm.keda-scaledobject.yaml', format: 'keda', plan: PLANS.vllm },
  { file: 'vllm.hpa.yaml', format: 'hpa', plan: PLANS.vllm },
  { file: 'vllm-kv.keda-scaledobject.yaml', format: 'keda', plan: PLANS.vllm, options: { signal: 'kv' } },
  { file: 'vllm-kv.hpa.yaml', format: 'hpa', plan: PLANS.vllm, options: { signal: 'kv' } },
  { file: 'triton.keda-scaledobject.yaml', format: 'keda', plan: PLANS.triton },
  { file: 'triton.hpa.yaml', format: 'hpa', plan: PLANS.triton },
  { file: 'rayserve.ray-autoscaling.yaml', format: 'ray', plan: PLANS.rayserve },
  { file: 'bentoml.bentoml-scaling.yaml', format: 'bentoml', plan: PLANS.bentoml },
] as const;
