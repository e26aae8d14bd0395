/**
 * A low gpu_memory_utilization on a GPU nothing else uses leaves memory idle that
 * would otherwise become KV cache (more concurrent requests, longer contexts).
 */
import { defineRule } from '../rule';
import { deploymentOf, fmt, gib, setArgEdit, sized, whatIf } from './engineArgs';

const LOW = 0.7;
const SUGGESTED = 0.9;

export const gpuMemoryUtilizationLow = defineRule({
  id: 'capacity/gpu-memory-utilization-low',
  appliesTo: {},
  severity: 'information',
  title: 'gpu_memory_utilization leaves a large share of a dedicated GPU idle',
  fix: 'unsafe',
  sources: ['ServeScope capacity model (issue 5 §2)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const s of sized(a)) {
      const u = s.dep.admission.gpuMemoryUtilization;
      if (!u?.range || typeof u.value !== 'number' || u.value > LOW || u.value <= 0) continue;
      // A fractional Ray GPU is shared on purpose; the low share is the point there.
      const share = s.dep.hardware.gpusPerReplica?.value;
      if (typeof share === 'number' && share < 1) continue;
      const after = whatIf(s, { gpuMemoryUtilization: SUGGESTED });
      if (!after?.memory?.fits) continue;
      const idle = s.mem.totalGib * (1 - u.value);
      ctx.report({
        message:
          `gpu_memory_utilization ${u.value} leaves ${gib(idle)} of each ${gib(s.mem.totalGib)} ${s.est.gpu?.id ?? 'GPU'} unused by vLLM. ` +
          `If the GPU is dedicated to this server, ${SUGGESTED} would grow the KV cache from ${fmt(s.mem.kvCacheTokens)} to ${fmt(after.memory.kvCacheTokens)} tokens.`,
        range: u.range,
        data: { deployment: s.index, value: SUGGESTED },
      });
    }
  },
  fixes(finding, a) {
    const dep = deploymentOf(a, finding.data);
    const v = finding.data?.value;
    if (!dep || typeof v !== 'number') return [];
    const e = setArgEdit(a, dep, 'gpu_memory_utilization', v);
    return e ? [{ title: `Set gpu_memory_utilization to ${v} (dedicated GPU)`, edits: [e] }] : [];
  },
});
