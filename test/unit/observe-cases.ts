/**
 * The deployments the observe tests render: one per framework with a full SLO, and a vLLM
 * one with the thresholds a plan would feed, so "from the plan" output is pinned too.
 */
import { parseSlo, type Slo } from '../../server/src/core/planner/slo';
import type { ObserveInput } from '../../server/src/core/observe/input';

function slo(spec: string): Slo {
  const s = parseSlo(spec);
  if ('error' in s) throw new Error(s.error);
  return s;
}

const FULL = slo('ttft:p95<800ms;tpot:p95<60ms;e2e:p99<20s');

export const CASES: Record<string, ObserveInput[]> = {
  vllm: [{ framework: 'vllm', name: 'llama-8b', slo: FULL, matchers: { model_name: 'meta-llama/Llama-3.1-8B-Instruct' } }],
  'vllm-planned': [{
    framework: 'vllm',
    name: 'llama-8b',
    slo: slo('ttft:p99<2s;tpot:p50<50ms'),
    rps: 12,
    matchers: { model_name: 'meta-llama/Llama-3.1-8B-Instruct' },
    thresholds: { maxQueuePerReplica: 4, kvUsageWarn: 0.95, errorRatio: 0.005, replicasMax: 6 },
  }],
  triton: [{ framework: 'triton', name: 'llama_vllm', slo: FULL, matchers: { model: 'llama_vllm' } }],
  rayserve: [{ framework: 'rayserve', name: 'llm', slo: slo('e2e:p95<2s'), matchers: { application: 'llm' }, thresholds: { replicasMax: 4 } }],
  bentoml: [{ framework: 'bentoml', name: 'VLLMService', slo: FULL, matchers: { service_name: 'VLLMService' } }],
};
