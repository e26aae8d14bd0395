/**
 * enforce_eager turns off CUDA graphs and torch.compile. Useful for debugging or
 * to save a little memory, but every decode step then pays kernel-launch overhead.
 */
import { deletePair } from '../../editing/edits';
import { defineRule } from '../rule';
import { deploymentOf, sized, whatIf } from './engineArgs';

export const enforceEagerLatency = defineRule({
  id: 'capacity/enforce-eager-latency',
  appliesTo: {},
  severity: 'hint',
  title: 'enforce_eager disables CUDA graphs: slower decode on a serving deployment',
  fix: 'unsafe',
  sources: ['vLLM `vllm/config/vllm.py` `VllmConfig.__post_init__` ("Enforce eager set, disabling torch.compile and CUDAGraphs"); numbers from ServeScope\'s capacity model'],
  check(ctx) {
    const a = ctx.analysis;
    const bySize = new Map(sized(a).map((s) => [s.index, s]));
    (a.plan?.deployments ?? []).forEach((dep, index) => {
      const ee = dep.admission.enforceEager;
      if (!ee?.range || !ee.keyRange || ee.value !== true) return;
      let numbers = '';
      const s = bySize.get(index);
      const eager = s?.est.throughput;
      const graphs = s ? whatIf(s, { enforceEager: false })?.throughput : undefined;
      if (eager && graphs && eager.tpotMs > 0 && graphs.tpotMs > 0 && eager.tpotMs > graphs.tpotMs) {
        numbers = ` The capacity model puts decode at ${eager.tpotMs.toFixed(1)} ms per token with it and ${graphs.tpotMs.toFixed(1)} ms without.`;
      }
      ctx.report({
        message: `enforce_eager: true turns off CUDA graphs and torch.compile, so every decode step is slower.${numbers} Remove it unless you are debugging or short of memory.`,
        range: ee.keyRange,
        data: { deployment: index },
      });
    });
  },
  fixes(finding, a) {
    const dep = deploymentOf(a, finding.data);
    const ee = dep?.admission.enforceEager;
    if (!ee?.range || !ee.keyRange) return [];
    return [{ title: 'Remove enforce_eager (use CUDA graphs)', edits: [deletePair(a.text, { start: ee.keyRange.start, end: ee.range.end })] }];
  },
});
