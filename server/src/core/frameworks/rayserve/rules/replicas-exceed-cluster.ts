/**
 * All deployments at full scale need more GPUs than the declared cluster has
 * (servescope.hardware.count or `# servescope: count=N`): replicas past the cluster
 * stay pending and autoscaling stops short of max_replicas.
 */
import { defineRule } from '../../../rules/rule';
import type { OffsetRange } from '../../../types';
import { fmt } from './serve-blocks';

const numOf = (s: { value: unknown } | undefined): number | undefined => (s && typeof s.value === 'number' && Number.isFinite(s.value) ? s.value : undefined);

export const replicasExceedCluster = defineRule({
  id: 'rayserve/replicas-exceed-cluster',
  appliesTo: { schemas: ['rayserve', 'rayserve-llm'] },
  severity: 'warning',
  title: 'Replicas × GPUs exceed the declared cluster',
  fix: 'none',
  sources: ['Ray Serve scheduling of replica actors (resources per replica from `ray_actor_options` / Serve LLM placement bundles of TP × PP GPUs); catalogue row `rayserve/replicas-unschedulable`'],
  check(ctx) {
    const a = ctx.analysis;
    const plan = a.plan;
    if (!plan || plan.deployments.length === 0) return;
    const cluster = a.estimates.find((e) => typeof e.clusterGpus === 'number')?.clusterGpus;
    if (typeof cluster !== 'number' || !(cluster > 0)) return;
    const parts: { name: string; replicas: number; gpus: number; total: number; range: OffsetRange; scaled: boolean }[] = [];
    for (const d of plan.deployments) {
      let gpus: number;
      if (d.engine === 'vllm') gpus = (numOf(d.parallelism.tensor) ?? 1) * (numOf(d.parallelism.pipeline) ?? 1);
      else gpus = numOf(d.hardware.gpusPerReplica) ?? 0;
      if (!(gpus > 0)) continue;
      const r = d.replicas;
      const max = numOf(r.max);
      const fixed = numOf(r.fixed);
      const lower = numOf(r.initial) ?? numOf(r.min);
      // The most a deployment asks for: max_replicas when it autoscales, else num_replicas
      // (1 when nothing is written: a lower bound, so the sum never overstates).
      let replicas = max ?? fixed ?? lower ?? 1;
      const data = numOf(d.parallelism.data);
      if (d.engine === 'vllm' && max === undefined && fixed === undefined && data && data > 1) replicas = Math.max(replicas, data);
      const src = max !== undefined ? r.max : fixed !== undefined ? r.fixed : undefined;
      parts.push({ name: d.name, replicas, gpus, total: replicas * gpus, range: src?.range ?? { start: d.range.start, end: d.range.start }, scaled: max !== undefined });
    }
    const need = parts.reduce((s, p) => s + p.total, 0);
    if (need <= cluster) return;
    parts.sort((x, y) => y.total - x.total);
    const top = parts[0];
    const detail = parts.map((p) => `${p.name}: ${fmt(p.replicas)} replica${p.replicas === 1 ? '' : 's'} × ${fmt(p.gpus)} GPU${p.gpus === 1 ? '' : 's'} = ${fmt(p.total)}`).join('; ');
    ctx.report({
      message: `At full scale the deployments need ${fmt(need)} GPUs; the declared cluster has ${fmt(cluster)}. ${detail}. Replicas beyond the cluster stay pending (Serve keeps the deployment upscaling). Lower max_replicas/num_replicas or declare the cluster you deploy to (servescope.hardware.count).`,
      range: top.range,
      related: parts.slice(1).map((p) => ({ range: p.range, message: `${p.name}: ${fmt(p.total)} GPUs` })),
      data: { need, cluster },
    });
  },
});
