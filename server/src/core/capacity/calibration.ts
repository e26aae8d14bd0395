/**
 * Calibration constants of the capacity model. Each names the public
 * measurement it was fitted on; `scripts/bench-accuracy.ts` reports how well
 * the whole model matches the cases in `test/accuracy/cases.json`.
 */

export const GIB = 1024 ** 3;

export const MEMORY = {
  /**
   * Multiplier on the per-token activation formula of the profile run
   * (MLP gate/up + activation output, q/k/v output, two hidden-size buffers,
   * 16-bit). Fitted on vLLM issue #10517 (Llama-3.1-8B on an RTX 3090, V0
   * engine): torch peak grew 0.92 GiB between max_model_len 20000 and 29000
   * without chunked prefill, i.e. ~110 KB/token against the formula's 115 KB.
   */
  activationFactor: 0.96,
  /**
   * fp32-sized copies of the [min(max_num_seqs, max_num_batched_tokens), vocab]
   * logits the V1 dummy sampler run holds at its peak (logits in two dtypes,
   * sorted values, int64 indices, probabilities, masks). V1 measures the
   * allocated peak over the whole profile, and the forward's transients are
   * freed before sampling, so the peak is the larger of the forward and the
   * sampler (plus the hidden states both share). Fitted on llm-d-benchmark's
   * H100 logs (config_explorer/empirical-vllm-memory-results.md: Llama-3.1-8B
   * 4.76 GiB and Qwen3-32B at TP 2 5.64 GiB, 1024 rows each) and vllm issue
   * #23278 (gpt-oss-120b, v0.10.1); the other llm-d rows (gpt-oss-20b and
   * -120b 7.38, Qwen3-0.6B 5.56, Qwen3-32B 5.64, Llama-3.3-70B-FP8 TP 2 4.84)
   * are held out and land within 0.5%.
   */
  logitsFp32CopiesV1: 9.6,
  /**
   * The V0 profile sampled only the last token of each of max_num_seqs
   * sequences: one fp32 logits copy matches issues #10517 and #13061 (0.02–0.2
   * GiB left over after the layer activations).
   */
  logitsFp32CopiesV0: 1,
  /**
   * Memory outside PyTorch's allocator that grows during startup on one GPU
   * (cuBLAS/cuDNN workspaces, kernels loaded lazily), GiB. Fitted on
   * llm-d-benchmark's V1 runs on H100 (0.13–0.14 GiB in six single-GPU rows,
   * config_explorer/empirical-vllm-memory-results.md) and 0.16 GiB on H100 in
   * gateway-api-inference-extension PR #550; older V0 logs on consumer GPUs
   * show more (0.35 GiB on an RTX 3090, vllm #10517).
   */
  nonTorchBaseGib: 0.15,
  /**
   * Extra non-torch memory per peer rank once GPUs talk over NVLink/NVSwitch
   * (NCCL channel buffers to every peer, vLLM's custom all-reduce buffers and
   * their IPC handles), GiB; a rank pays it once per other rank of its
   * tensor-parallel group (once when only PP > 1). V1 engines. Fitted on llm-d-benchmark's V1 Qwen3-32B at TP 2 on H100 (0.54 GiB
   * in total, config_explorer/empirical-vllm-memory-results.md): 0.54 − 0.15 ≈
   * 0.4. Held out: the same file's Llama-3.3-70B-FP8 at TP 2 (0.55 GiB), and the
   * KV pool of Qwen3-235B-A22B-FP8 at TP 4 on 4×H100 (vllm issue #21348: 8.11
   * GiB available, where a flat 0.3 GiB left ~2 GiB unexplained).
   */
  nonTorchPerPeerGibNvlink: 0.4,
  /**
   * The same for V0 builds on NVLink: one flat figure whatever the TP size,
   * GiB. vllm issue #16570 (v0.8.3, TP 4 on 4×A100 40GB) logged 0.34–0.43 in
   * total, ~0.25 over the base; 0.3 is kept from the earlier calibration. V0
   * releases disagree with each other (a December 2024 dev build logged 3.58
   * GiB at TP 2 against 1.79 at TP 1 on H100, vllm PR #10511), so no growth
   * with TP is modelled for them.
   */
  nonTorchDistributedGibV0: 0.3,
  /**
   * Extra non-torch memory once TP or PP > 1 on PCIe GPUs, GiB: NCCL's buffers
   * only, because vLLM's custom all-reduce (and its buffers) is off on more than
   * two PCIe GPUs and on GPUs without P2P. Fitted on vllm PR #14447 (V0, 24 GB
   * GeForce GPUs, one instance across many ranks: 0.20 GiB per rank in total,
   * i.e. 0.05 over the base); DeepSeek-R1-Distill-Qwen-14B on 2×RTX 4090 (0.25
   * GiB, vllm issue #13061) is held out.
   */
  nonTorchDistributedGibPcie: 0.05,
  /**
   * CUDA graph pool per decoder layer on one GPU for vLLM's default capture
   * list (67 batch sizes up to 512), GiB. Rough: vLLM PR #11349's log shows
   * Llama-3.2-1B (16 layers, 35 sizes) taking 0.21 GiB, i.e. ~0.0004 GiB per
   * layer per size. Graphs are captured after the KV cache is allocated, so
   * they come out of the (1 − gpu_memory_utilization) headroom, not the KV
   * budget; the model only warns when the headroom looks too small.
   */
  cudaGraphGibPerLayer: 0.025,
  /** Captured graph sizes in vLLM's default list: 1, 2, 4, then every multiple of 8 up to 512 (vllm/config.py cudagraph_capture_sizes). */
  defaultCaptureSizes: 67,
  /**
   * CUDA context and driver reservations that sit outside gpu_memory_utilization,
   * GiB; used to warn that graph capture may not fit the headroom and to size
   * what the sampler warm-up finds free. (llm-d-benchmark's H100 logs show 0.61
   * GiB in use at start-up on one GPU and 1.54 at TP 2; not refitted.) vllm
   * issue #10517 shows 0.35 GiB in use beyond the weights before profiling on an
   * RTX 3090 (context plus libraries); rounded up for larger GPUs' contexts.
   */
  cudaContextGib: 0.5,
  /**
   * First release whose V1 worker warms the sampler up after the KV cache is
   * allocated and the CUDA graphs are captured: vllm PR #14508 (merged
   * 2025-03-09, reopened from the reverted #13776) added
   * `_dummy_sampler_run(_dummy_run(max_num_seqs))` to
   * `Worker.compile_or_warm_up_model` (vllm/v1/worker/gpu_worker.py), first
   * shipped in v0.8.0; vllm issue #15105 hits it on 0.8.0. Earlier V1 builds
   * (opt-in, e.g. vllm PR #12569, January 2025) have no such step. Read in
   * vllm/v1/worker/gpu_worker.py @0012cf69 (capture_model, then the warm-up, on
   * the last pipeline stage) and vllm/v1/worker/gpu_model_runner.py @4e179065,
   * where profile_run calls the same `_dummy_sampler_run` (vllm PR #13594 put
   * the sampler into V1's profile in February 2025). So the
   * warm-up runs the same sampler as the profile run (logits for
   * min(max_num_seqs, max_num_batched_tokens) rows, temperature, top-k =
   * vocab − 1 and top-p 0.9, so the sort of fp32 values with int64 indices),
   * so its peak is taken as the profile's sampler peak, logitsFp32CopiesV1.
   * The sort's single allocation matches the reports: 1.74 GiB =
   * 1024 × 151,936 × 12 bytes (QwQ-32B, #15105) and 446 MiB = 256 × 151,936 ×
   * 12 bytes (Qwen2.5-0.5B on a T4, ray-project/ray issue, vLLM 0.12.0).
   */
  samplerWarmupSince: '0.8.0',
  /**
   * First release that profiles CUDA-graph memory before sizing the KV cache by
   * default, so the graphs sit inside gpu_memory_utilization instead of eating
   * the headroom the sampler warm-up needs. vllm PR #30515 (December 2025) added
   * the estimate behind VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS, off by
   * default; a vLLM 0.27.1 start-up log (gpustack/runner PR #251) prints "CUDA
   * graph memory profiling is enabled (default since v0.21.0)". Used only when
   * the release is named; the KV budget itself does not yet subtract the graphs.
   */
  cudaGraphProfiledSince: '0.21.0',
} as const;

export const THROUGHPUT = {
  /**
   * Fraction of the datasheet HBM bandwidth a decode step achieves when
   * streaming weights and KV. Fitted jointly with stepOverheadMs on two
   * batch-1 decodes of Llama-3.1-8B bf16: 13.3 ms on an A100 40GB
   * (johnmusgrave.com sweep, vLLM 0.23) and 6.48 ms on an H100 80GB
   * (yobitelcomm InferenceBench sweep, vLLM 0.21).
   */
  bandwidthEfficiency: 0.81,
  /**
   * Model FLOPs utilisation of prefill and of compute-bound mixed batches.
   * vllm issue #20469 (Qwen3-14B-AWQ on an A100 80GB, 16000-token prompt,
   * TTFT 3.35 s) implies ~0.55 of dense bf16 peak including attention.
   */
  mfu: 0.55,
  /**
   * Best measured bf16 matmul over the datasheet peak on the GPU mfu was fitted
   * on: an A100 SXM reaches 267.9 of 312 TFLOPs (stas00/ml-engineering
   * compute/accelerator/README.md, "Maximum Achievable Matmul FLOPS comparison
   * table"). A GPU whose measured matmul falls further below its datasheet
   * (gpus.json matmul_bf16_tflops_measured) gets mfu scaled by the ratio.
   */
  referenceMatmulEfficiency: 267.9 / 312,
  /**
   * Fixed cost per engine step not explained by bandwidth (scheduling,
   * sampling, kernel tails), ms. Fitted with bandwidthEfficiency on the two
   * Llama-3.1-8B batch-1 cases above (0.58 ms).
   */
  stepOverheadMs: 0.6,
  /**
   * Shortest time a dense decoder layer takes in a CUDA-graph decode step,
   * ms: a dozen kernels that each last a few microseconds however little
   * they read. Fitted on Qwen3-0.6B at concurrency 1 on an A100 (TPOT 4.2 ms
   * over 28 layers, ~0.6 GB of weights; tenstorrent tt-inference-server
   * issue #340); Qwen3-1.7B from the same issue is held out.
   */
  denseLayerFloorMs: 0.13,
  /**
   * The same floor for an MoE layer (router, top-k, fused expert GEMMs,
   * shared expert). Fitted on Qwen3-30B-A3B at concurrency 1 on an A100
   * (TPOT 9.6 ms over 48 MoE layers with only ~4 ms of streamed bytes;
   * tenstorrent tt-inference-server issue #340).
   */
  moeLayerFloorMs: 0.19,
  /**
   * Per-layer CPU cost of the V0 engine's step (input preparation, sampling
   * and output processing were not overlapped with the GPU). Fitted on
   * Qwen2.5-1.5B at batch 1 on an A100 80GB with vLLM 0.6.3 (5.45 ms per
   * token over 28 layers, QwenLM/Qwen2.5 docs/source/benchmark/
   * speed_benchmark.rst); the 3B and 72B rows of that table are held out.
   */
  v0LayerOverheadMs: 0.04,
  /**
   * Extra time per decoder layer per step when CUDA graphs are off
   * (enforce_eager): kernel launches are paid on the CPU each step. Fitted
   * on vllm issue #20469 (Qwen3-14B-AWQ, enforce_eager, A100 80GB: TPOT
   * 20.6 ms where the graph-mode roofline gives ~8.3 ms over 40 layers).
   */
  eagerLayerOverheadMs: 0.3,
  /**
   * Additional per-sequence cost per step (sampling, detokenisation), ms.
   * Kept small: in the RTX 4090 Mistral-7B sweep (mushfiqrahman.dev) the TPOT
   * growth from concurrency 4 to 48 is explained by the other requests'
   * prefill chunks, leaving at most ~0.05 ms per sequence.
   */
  perSeqOverheadMs: 0.012,
  /**
   * Share of the other running requests' prompt compute a new request waits
   * behind before its first token (prefill contention under load). Fitted on
   * the RTX 4090 Mistral-7B concurrency sweep (mushfiqrahman.dev), c = 16.
   */
  prefillContention: 0.25,
  /**
   * Latency of one small all-reduce over NVLink, µs, at 2 and at 8 GPUs
   * (interpolated linearly in between). 2 GPUs: ~6 µs on an HGX 8×H100 with
   * CUDA graphs (NVIDIA/nccl issue #1259). 8 GPUs: 12.5–16 µs for messages up
   * to 4 KB on 8×H20 (deepseek-ai/DeepEP issue #303); 15 is used.
   */
  allReduceLatencyUsNvlink2: 6,
  allReduceLatencyUsNvlink8: 15,
  /**
   * The same over PCIe, µs. 8 GPUs: 40–42 µs for an 8-byte all-reduce on 8×RTX
   * 4090 (NVIDIA/nccl issue #1530); 2 GPUs: 25 µs, where vLLM's custom
   * all-reduce still runs peer-to-peer (it is disabled above two PCIe GPUs).
   */
  allReduceLatencyUsPcie2: 25,
  allReduceLatencyUsPcie8: 42,
  /**
   * Small all-reduce latency on PCIe GPUs without peer-to-peer, at any TP size,
   * µs: the custom all-reduce needs P2P, so even two GPUs fall back to NCCL
   * staging through host memory. The 8×RTX 4090 host of NVIDIA/nccl issue #1530
   * runs the stock GeForce driver (no P2P) and measured 40–43 µs for 8 bytes.
   */
  allReduceLatencyUsPcieNoP2p: 42,
  /**
   * NCCL all-reduce bus bandwidth over PCIe as a fraction of the link's
   * per-direction bandwidth (gpus.json interconnect.bandwidth_gbs; 32 GB/s for
   * PCIe 4.0 x16 when the catalog has none), with P2P: 4×RTX 4090 on the
   * P2P-enabling driver reached 25.7–26.0 GB/s busbw from 256 MB to 1 GB
   * (tinygrad/open-gpu-kernel-modules issue #36), 25.7 / 32 ≈ 0.8.
   * The step charges 2 × (N − 1) / N × tokens × hidden × dtype bytes per
   * all-reduce at this rate, twice per layer.
   */
  pcieAllReduceBusBwFractionP2p: 0.8,
  /**
   * NCCL all-reduce bus bandwidth without P2P, GB/s, whatever the link: NCCL
   * copies through pinned host memory, and what bounds that is the staging,
   * not the PCIe generation. Two RTX 2080 Ti on PCIe 3.0 x16 without P2P reach
   * 7.5–7.8 GB/s in nccl-tests all_reduce (weicj/vLLM-2080Ti-Definitive issue
   * #140); two RTX 5070 Ti on a PCIe link measured at 26 GB/s per direction
   * reach only 1.9 GB/s on a 20 MB all-reduce through NCCL's SHM transport
   * under every protocol (sgl-project/sglang PR #39605). No measurement shows
   * host-staged all-reduce growing with the link, so the higher figure, 7.65,
   * is used for PCIe 4.0 and 5.0 too (it was 0.48 × the link before, which
   * gave 15.4 GB/s on PCIe 4.0, twice anything measured).
   */
  pcieAllReduceBusBwGbsNoP2p: 7.65,
  /**
   * Extra floor per MLA decoder layer (DeepSeek V2/V3/R1, Kimi): the latent
   * down/up projections, their norms and the absorbed key/value matmuls add
   * kernels a GQA layer does not have. Fitted on DeepSeek-R1-0528 at TP 8 on
   * 8×H200, concurrency 4, vLLM v0.11 (TPOT 19.36 ms; GPUStack performance
   * lab); the dstack DeepSeek-R1 sweep (vLLM 0.7.4) is held out.
   */
  mlaLayerFloorMs: 0.09,
} as const;

export const TRTLLM = {
  /**
   * kv_cache_free_gpu_mem_fraction when the config leaves it unset or as a
   * `${...}` placeholder: kDefaultGpuMemFraction in NVIDIA/TensorRT-LLM
   * cpp/include/tensorrt_llm/executor/executor.h ("Default is 90%").
   */
  defaultFreeMemFraction: 0.9,
  /**
   * Tokens per KV block when the engine's config.json does not record
   * plugin_config.tokens_per_block. trtllm-build's default moved from 128 to
   * 64 to 32 across releases; 64 is what the v0.13–v0.17 engine configs seen
   * publicly use (SqueezeBits/Torch-TRTLLM src/ditto/constants.py,
   * ai-bot-pro/achatbot deploy/modal/src/llm/trtllm/tts_spark/README.md).
   */
  defaultTokensPerBlock: 64,
  /**
   * GPU memory taken before the KV cache is sized, besides the weights:
   * CUDA context, the engine's execution-context activations, runtime buffers
   * and the decoder, GiB. The mean of two logs whose "available" line shows it:
   * 1.79 GiB (Llama-3-8B AWQ at TP 2 on H100, tensorrtllm_backend issue #576)
   * and 3.12 GiB (Qwen1.5-7B fp16 on an A100 40GB, TensorRT-LLM issue #2268).
   * It grows with the engine's max_batch_size and max_num_tokens, which this
   * constant does not model.
   */
  runtimeOverheadGib: 2.45,
} as const;
