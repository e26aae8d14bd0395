/** Expert-parallel load balancing moves experts between EP ranks; without EP there are none. */
import { requiresArg } from './requiresArg';

export const eplbRequiresExpertParallel = requiresArg({
  id: 'vllm/eplb-requires-expert-parallel',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  title: 'enable_eplb without enable_expert_parallel',
  sources: ['vLLM `vllm/config/parallel.py` `_validate_parallel_config` (@00193b82)'],
  when: 'enable_eplb',
  requires: (args) => args.enable_expert_parallel === true,
  message: 'enable_expert_parallel must be True to use EPLB: vLLM refuses enable_eplb without it. Set enable_expert_parallel: true or remove enable_eplb.',
  // `no-enable-expert-parallel: true` would need its key rewritten; leave that to the user.
  fixValue: { arg: 'enable_expert_parallel', value: true },
});
