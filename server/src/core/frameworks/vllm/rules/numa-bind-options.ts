/** The NUMA placement lists only take effect through numa_bind. */
import { defineRule } from '../../../rules/rule';
import { argNodes, argRange, argSets, setArg, setOf } from './args';

export const numaBindOptions = defineRule({
  id: 'vllm/numa-bind-options',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'numa_bind_nodes / numa_bind_cpus without numa_bind',
  fix: 'unsafe',
  sources: ['vLLM `vllm/config/parallel.py` field validators and `_validate_parallel_config` (@00193b82)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      if (set.args.numa_bind === true) continue;
      const key = ['numa_bind_nodes', 'numa_bind_cpus'].find((k) => set.args[k] !== undefined && set.args[k] !== null);
      if (!key) continue;
      ctx.report({
        message: 'numa_bind_nodes and numa_bind_cpus require numa_bind=True; vLLM refuses to start. Add numa_bind: true.',
        range: argNodes(a, set, key).key?.range ?? argRange(a, set, key),
        data: { path: set.path },
      });
    }
  },
  fixes(finding, a) {
    const set = setOf(a, finding.data);
    const e = set ? setArg(a, set, 'numa_bind', true) : undefined;
    return e ? [{ title: 'Set numa_bind: true', edits: [e] }] : [];
  },
});
