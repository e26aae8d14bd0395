/**
 * The plan written into a Kubernetes manifest: the embedded config's own edits
 * (planEdits on the inner analysis) carried to the host through its OffsetMap,
 * plus what the pod spec holds — the GPU limit of a vLLM container and the
 * workload's replicas. What cannot be carried (a new argument in a container's
 * args list) is left for the user, named.
 */
import type { Analysis } from '../analysis';
import { replaceScalar } from '../editing/edits';
import { editToHost } from '../embedded/offsetMap';
import { manifestSources } from '../k8s/manifest';
import type { TextEditOffsets } from '../types';
import type { CandidatePlan } from './plan';
import { planEdits, write, type PlanEditResult } from './planEdits';
import { baseFromAnalysis } from './planBase';

/** Workload kinds whose `spec.replicas` is the number of vLLM servers. */
const REPLICATED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

export function manifestEdits(a: Analysis, plan: CandidatePlan): PlanEditResult {
  const docs = a.embedded ?? [];
  const at = docs.findIndex((d) => !('error' in baseFromAnalysis(d.analysis)));
  const doc = docs[at];
  const b = doc && baseFromAnalysis(doc.analysis);
  if (!doc || !b || 'error' in b) return { edits: [], changes: [], manual: [], refused: 'this manifest embeds no vLLM deployment the plan can be written into' };
  // The host is re-analysed as a whole afterwards; the inner pass only builds the edits.
  const inner = planEdits(doc.analysis, b.index, plan, () => ({ findings: [], lines: doc.analysis.lines }));
  const edits: TextEditOffsets[] = [];
  const changes: string[] = [];
  const manual = [...inner.manual.filter((m) => !/^run \d+ replicas of this server/.test(m))];
  inner.edits.forEach((e) => {
    const host = editToHost(doc.map, e);
    if (host) edits.push(host);
  });
  // Edits and their descriptions come in the same order only when every one mapped; otherwise say each by hand.
  if (edits.length === inner.edits.length) changes.push(...inner.changes);
  else {
    edits.length = 0;
    manual.push(`in ${doc.label}: ${inner.changes.join('; ')} (new arguments cannot be added to a container's args list here)`);
  }
  const gpus = plan.candidate.tp * plan.candidate.pp;
  const replicas = plan.fleet && Number.isFinite(plan.fleet.replicas) ? plan.fleet.replicas : undefined;
  // The source again, with its root: the pod's GPU limit node and the workload's replicas.
  for (const root of a.tree.roots) {
    const src = manifestSources(a.text, root).find((s) => s.region.start === doc.region.start);
    if (!src || root?.kind !== 'map') continue;
    if (src.format === 'vllm') {
      const limit = src.gpuLimit;
      if (limit?.kind === 'scalar' && Number(limit.value) !== gpus) {
        edits.push(replaceScalar(a.text, limit, gpus));
        changes.push(`nvidia.com/gpu: ${limit.source} → ${gpus}`);
      } else if (!limit) manual.push(`give the container resources.limits nvidia.com/gpu: ${gpus}`);
      if (replicas && REPLICATED.has(src.kind)) write(a, root, [{ path: ['spec', 'replicas'], value: replicas, name: 'spec.replicas' }], edits, changes);
      else if (replicas) manual.push(`run ${replicas} copies of this ${src.kind} (${replicas * gpus} GPUs): its kind has no replica count ServeScope writes`);
    } else if (replicas) manual.push(`let the Ray cluster's GPU worker groups reach ${replicas * gpus} GPUs (maxReplicas × GPUs per worker)`);
  }
  return { edits, changes, manual };
}
