/** Long prompts are a subset of the partial prefills, so their cap cannot be higher. */
import { defineRule } from '../../../rules/rule';
import { argRange, argSets, intArg, setNumberFix } from './args';

export const maxLongPartialPrefillsAboveMaxPartial = defineRule({
  id: 'vllm/max-long-partial-prefills-above-max-partial',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'max_long_partial_prefills above max_num_partial_prefills',
  fix: 'unsafe',
  sources: ['vLLM `vllm/config/scheduler.py` `SchedulerConfig.verify_max_model_len` (@01230b40)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      const long = intArg(set.args.max_long_partial_prefills);
      const all = intArg(set.args.max_num_partial_prefills) ?? 1;
      if (long === undefined || long <= all) continue;
      ctx.report({
        message: `max_long_partial_prefills (${long}) must be less than or equal to max_num_partial_prefills (${all}); vLLM refuses to start.`,
        range: argRange(a, set, 'max_long_partial_prefills'),
        data: { path: set.path, value: all },
      });
    }
  },
  fixes(finding, a) {
    return setNumberFix(a, finding.data, 'max_long_partial_prefills', (v) => `Set max_long_partial_prefills to ${v}`);
  },
});
