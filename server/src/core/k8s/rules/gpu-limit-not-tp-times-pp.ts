/**
 * A vLLM server starts one worker per tensor × pipeline × data-parallel rank and uses
 * one GPU each. The device plugin hands the pod exactly `limits["nvidia.com/gpu"]`
 * GPUs, which no other pod can take while it runs: GPUs beyond the ranks sit idle.
 * Too few GPUs is `vllm/world-size-exceeds-node-gpus`, reported on the argument.
 */
import type { Analysis } from '../../analysis';
import type { Finding } from '../../types';
import type { ManifestSource } from '../manifest';
import { count } from '../nodes';
import { parallelSizes } from './ranks';

export const GPU_LIMIT_RULE = 'k8s/gpu-limit-not-tp-times-pp';


export function gpuLimitNotTpTimesPp(host: string, src: ManifestSource, inner: Analysis): Finding[] {
  const limit = src.gpuLimit;
  const perServer = src.hardware.gpusPerReplica;
  if (src.format !== 'vllm' || !limit || perServer === undefined || perServer < 1) return [];
  const dep = inner.plan?.deployments[0];
  if (!dep) return [];
  const { tp, pp, dp } = parallelSizes(dep);
  const world = tp * pp * dp;
  if (perServer <= world) return [];
  // A LeaderWorkerSet spreads the ranks over `size` pods with one limit each.
  const pods = perServer / (count(limit) ?? perServer);
  const want = world / pods;
  const src0 = host.slice(limit.range.start, limit.range.end);
  const quote = /^["']/.test(src0) ? src0[0] : '';
  const ranks = `tensor ${tp} × pipeline ${pp}${dp > 1 ? ` × data ${dp}` : ''}`;
  return [
    {
      code: GPU_LIMIT_RULE,
      severity: 'warning',
      message: `The pod reserves ${perServer} GPU${perServer === 1 ? '' : 's'} but vLLM runs ${world} rank${world === 1 ? '' : 's'} (${ranks}); ${perServer - world === 1 ? '1 GPU stays idle and no other pod can use it' : `${perServer - world} GPUs stay idle and no other pod can use them`}. Set the limit to ${want}, or raise the parallel sizes.`,
      range: limit.range,
      data: Number.isInteger(want) && want >= 1 ? { newText: `${quote}${want}${quote}` } : undefined,
    },
  ];
}
