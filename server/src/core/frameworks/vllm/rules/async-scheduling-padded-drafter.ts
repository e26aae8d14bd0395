/** Async scheduling relies on the drafter running on padded batches. */
import { defineRule } from '../../../rules/rule';
import { argNodes, argRange, argSets } from './args';
import { jsonArg } from './json-arg';

export const asyncSchedulingPaddedDrafter = defineRule({
  id: 'vllm/async-scheduling-padded-drafter',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'async_scheduling with disable_padded_drafter_batch',
  fix: 'none',
  sources: ['vLLM `vllm/config/vllm.py` `VllmConfig.__post_init__` (@000fc94b)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      if (set.args.async_scheduling !== true) continue;
      const spec = jsonArg(a, set, 'speculative_config');
      if (spec?.obj.disable_padded_drafter_batch !== true) continue;
      ctx.report({
        message: 'Async scheduling is not compatible with disable_padded_drafter_batch=True; vLLM refuses to start. Drop one of the two.',
        range: spec.rangeOf('disable_padded_drafter_batch'),
        related: [{ range: argNodes(a, set, 'async_scheduling').key?.range ?? argRange(a, set, 'async_scheduling'), message: 'async_scheduling set here' }],
      });
    }
  },
});
