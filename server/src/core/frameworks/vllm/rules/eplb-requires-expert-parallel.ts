/** Expert-parallel load balancing moves experts between EP ranks; without EP there are none. */
import { defineRule } from '../../../rules/rule';
import { argNodes, argRange, argSets, setArg, setOf } from './args';

export const eplbRequiresExpertParallel = defineRule({
  id: 'vllm/eplb-requires-expert-parallel',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'enable_eplb without enable_expert_parallel',
  fix: 'unsafe',
  sources: ['vLLM `vllm/config/parallel.py` `_validate_parallel_config` (@00193b82)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      if (set.args.enable_eplb !== true || set.args.enable_expert_parallel === true) continue;
      ctx.report({
        message: 'enable_expert_parallel must be True to use EPLB: vLLM refuses enable_eplb without it. Set enable_expert_parallel: true or remove enable_eplb.',
        range: argNodes(a, set, 'enable_eplb').key?.range ?? argRange(a, set, 'enable_eplb'),
        data: { path: set.path },
      });
    }
  },
  fixes(finding, a) {
    const set = setOf(a, finding.data);
    if (!set) return [];
    // `no-enable-expert-parallel: true` would need its key rewritten; leave that to the user.
    const e = setArg(a, set, 'enable_expert_parallel', true);
    return e ? [{ title: 'Set enable_expert_parallel: true', edits: [e] }] : [];
  },
});
