/**
 * Hand-checked multi-GPU overheads of the capacity model: the tensor-parallel
 * all-reduce over PCIe (latency plus the ring's bus traffic at the measured
 * NCCL bus bandwidth, with and without P2P) and the non-torch memory a rank
 * gains from its peers, and the compute derating the 4×L4 example depends on.
 * Fixtures are inline so the tests do not move when the catalogs are edited,
 * except where a test checks the catalog's own P2P and matmul entries.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MEMORY, THROUGHPUT } from '../../server/src/core/capacity/calibration';
import { distributedNonTorchGib } from '../../server/src/core/capacity/memory';
import { estimate } from '../../server/src/core/capacity/estimate';
import { resolveGpu } from '../../server/src/core/capacity/gpus';
import { allReduceModel, peakFlops } from '../../server/src/core/capacity/throughput';
import type { GpuSpec } from '../../server/src/core/capacity/types';

const base = { names: [], vendor: 'nvidia', memoryGib: 22.03, bandwidthGbs: 300, tflops: { bf16: 121 } };
const l4: GpuSpec = { ...base, id: 'fixture/L4', interconnect: { type: 'pcie', bandwidthGbs: 32 } };
const rtx4090: GpuSpec = { ...base, id: 'fixture/RTX-4090', memoryGib: 23.64, bandwidthGbs: 1008, interconnect: { type: 'pcie', bandwidthGbs: 32, p2p: false } };
const h100: GpuSpec = { ...base, id: 'fixture/H100', memoryGib: 79.19, bandwidthGbs: 3350, interconnect: { type: 'nvlink', bandwidthGbs: 900 } };

const near = (a: number, b: number, tol = 1e-9): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('PCIe all-reduce with P2P: latency interpolated by TP, bus traffic at 0.8 of the link', () => {
  // 4 GPUs: 25 + (42 − 25) × 2/6 = 30.67 µs; busbw 0.8 × 32 = 25.6 GB/s.
  const ar = allReduceModel(l4, 4);
  assert.equal(ar.p2p, true);
  near(ar.latencyUs, 25 + (17 * 2) / 6);
  near(ar.busBwGbs, 25.6);
  // 64 decode tokens × hidden 4096 × 2 bytes = 524,288 bytes per rank; the ring moves 2 × 3/4 of it:
  // 786,432 B / 25.6e9 B/s = 30.72 µs, so one all-reduce takes 61.39 µs.
  near(ar.seconds(64 * 4096 * 2) * 1e6, 25 + (17 * 2) / 6 + 30.72, 1e-6);
});

test('PCIe all-reduce without P2P: host-staged NCCL latency at every TP size and 7.65 GB/s whatever the link', () => {
  const ar2 = allReduceModel(rtx4090, 2);
  assert.equal(ar2.p2p, false);
  near(ar2.latencyUs, THROUGHPUT.allReduceLatencyUsPcieNoP2p);
  // A PCIe 4.0 link (32 GB/s) no longer doubles the staged bandwidth: 7.65 GB/s, not 0.48 × 32 = 15.36.
  near(ar2.busBwGbs, 7.65);
  // TP 2, 32 tokens × 5120 × 2 B = 327,680 B; ring traffic 2 × 1/2 × 327,680 = 327,680 B at 7.65 GB/s = 42.83 µs.
  near(ar2.seconds(32 * 5120 * 2) * 1e6, 42 + 327680 / 7.65e3, 1e-6);
  // The same all-reduce with P2P would be 25 µs + 327,680 / 25.6e3 = 37.8 µs, against 84.8 µs staged through the host.
  assert.ok(ar2.seconds(327680) > allReduceModel(l4, 2).seconds(327680) * 2.2);
  // A slower link than the staging ceiling still bounds it (PCIe 3.0 x8: 8 GB/s per direction).
  const x8: GpuSpec = { ...rtx4090, interconnect: { type: 'pcie', bandwidthGbs: 8, p2p: false } };
  near(allReduceModel(x8, 2).busBwGbs, 7.65);
  const x4: GpuSpec = { ...rtx4090, interconnect: { type: 'pcie', bandwidthGbs: 4, p2p: false } };
  near(allReduceModel(x4, 2).busBwGbs, 4);
});

test('L4, L40S and A10 are catalogued without P2P, so TP 4 on L4 stages its all-reduces through the host', () => {
  for (const id of ['L4', 'L40S', 'A10']) assert.equal(resolveGpu(id)?.interconnect?.p2p, false, id);
  const e = estimate({ model: 'meta-llama/Llama-3.1-8B-Instruct', gpu: 'L4', tensorParallel: 4, workload: { inputLen: 1024, outputLen: 256, concurrency: 64 } });
  assert.ok(e.ok && e.throughput);
  // Per step: 64 decode + ~250 prompt tokens → 2.6 MB per all-reduce, 64 all-reduces over 32 layers. Staged at
  // 7.65 GB/s each costs 42 µs + 1.5 × 2.6 MB / 7.65 GB/s ≈ 0.55 ms: 35 ms of an ~84 ms step. With P2P assumed
  // and the datasheet's compute the step was 54 ms and the 64 requests got ~1070 output tokens/s, not ~670.
  assert.equal(e.throughput.runningBatch, 64);
  assert.ok(e.throughput.tpotMs > 80 && e.throughput.tpotMs < 88, `TPOT ${e.throughput.tpotMs}`);
  assert.ok(e.throughput.outputTokS > 630 && e.throughput.outputTokS < 710, `tok/s ${e.throughput.outputTokS}`);
  // The estimate says its compute is not the datasheet's.
  assert.ok(e.throughput.assumptions.some((x) => x.endsWith('(peak scaled to 68%: its best measured bf16 matmul is 70.89 of 121 TFLOPs)')), e.throughput.assumptions.join(' | '));
});

test('a GPU whose measured matmul falls short of its datasheet computes at the measured share', () => {
  const cfg = { quant: undefined, dtypeBytes: 2 } as never;
  // L4: 70.89 measured of 121 (58.6%) against the A100's 267.9 of 312 (85.9%) → 121 × 0.586 / 0.859 = 82.6 TFLOPs.
  near(peakFlops(resolveGpu('L4')!, cfg).flops / 1e12, (121 * (70.89 / 121)) / (267.9 / 312), 1e-6);
  assert.equal(peakFlops(resolveGpu('L4')!, cfg).scaledNote, 'peak scaled to 68%: its best measured bf16 matmul is 70.89 of 121 TFLOPs');
  assert.equal(peakFlops(l4, cfg).scaledNote, undefined);
  // No measurement, or one at least as efficient as the reference: the datasheet stands.
  near(peakFlops(l4, cfg).flops / 1e12, 121);
  near(peakFlops({ ...l4, matmulBf16TflopsMeasured: 110 }, cfg).flops / 1e12, 121);
});

test('NVLink all-reduce keeps the link bandwidth and the NVLink latencies', () => {
  const ar = allReduceModel(h100, 8);
  near(ar.latencyUs, THROUGHPUT.allReduceLatencyUsNvlink8);
  near(ar.busBwGbs, 900);
  assert.equal(allReduceModel(h100, 1).seconds(1 << 20), 0);
});

test('non-torch memory: 0.4 GiB per NVLink peer on V1, flat 0.3 on V0, 0.05 GiB on PCIe, nothing on one GPU', () => {
  assert.equal(distributedNonTorchGib(h100, 1, 1), 0);
  near(distributedNonTorchGib(h100, 2, 1), 0.4);
  near(distributedNonTorchGib(h100, 4, 1), 1.2);
  near(distributedNonTorchGib(h100, 8, 1), 2.8);
  // Pipeline stages without TP still open NCCL channels to their neighbour.
  near(distributedNonTorchGib(h100, 1, 2), MEMORY.nonTorchPerPeerGibNvlink);
  // V0 builds keep one flat figure on NVLink (vllm #16570: 0.34–0.43 GiB in total at TP 4 on A100).
  near(distributedNonTorchGib(h100, 4, 1, 'v0'), MEMORY.nonTorchDistributedGibV0);
  near(distributedNonTorchGib(h100, 8, 1, 'v0'), 0.3);
  near(distributedNonTorchGib(l4, 4, 1), 0.05);
  near(distributedNonTorchGib(rtx4090, 2, 1), 0.05);
});
