/**
 * How long a new replica takes from "scheduled" to "serving": what the fleet must
 * absorb while the autoscaler's new replica starts. Three parts, each from a
 * public start-up log; image pull and node provisioning are not included.
 */

export const COLD_START = {
  /**
   * Container start to engine config, s. vllm issue #44881 (v0.22, RunPod
   * serverless) breaks a cold start down: "Container init → engine config ~16s".
   */
  processStartS: 16,
  /**
   * Weight load rate per GPU, GiB/s. Same issue: 21.82 GiB in ~18 s. Each
   * tensor-parallel rank loads its own shard, so the rate applies per GPU.
   * Network storage is slower, local NVMe with a warm page cache faster.
   */
  loadGibPerS: 1.2,
  /**
   * Profile run, KV-cache allocation, torch.compile and CUDA-graph capture, s.
   * run-ai/runai-model-streamer issue #67 (vLLM V1, cold compile cache):
   * "init engine (profile, create kv cache, warmup model) took 90.84 seconds",
   * of which torch.compile 45.81 s and graph capture 37 s. A warm compile cache
   * cuts torch.compile to ~5 s (vllm #44881).
   */
  engineInitS: 91,
} as const;

export interface ColdStart {
  seconds: number;
  explain: string;
}

export function coldStart(weightsGibPerGpu: number): ColdStart {
  const load = weightsGibPerGpu / COLD_START.loadGibPerS;
  const seconds = COLD_START.processStartS + load + COLD_START.engineInitS;
  return {
    seconds,
    explain: `cold start ≈ ${Math.round(seconds)} s: ${COLD_START.processStartS} s process start + ${weightsGibPerGpu.toFixed(1)} GiB/GPU at ${COLD_START.loadGibPerS} GiB/s (${Math.round(load)} s) + ${COLD_START.engineInitS} s profiling, torch.compile and CUDA graphs on a cold compile cache; image pull and node provisioning not included`,
  };
}
