/** Redundant expert copies are placed by EPLB; without it the setting has no owner. */
import { defineRule } from '../../../rules/rule';
import { argSets, intArg } from './args';
import { jsonArg } from './json-arg';

export const redundantExpertsWithoutEplb = defineRule({
  id: 'vllm/redundant-experts-without-eplb',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'eplb_config.num_redundant_experts without enable_eplb',
  fix: 'none',
  sources: ['vLLM `vllm/config/parallel.py` `_validate_parallel_config` (@00193b82)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      if (set.args.enable_eplb === true) continue;
      const eplb = jsonArg(a, set, 'eplb_config');
      const n = intArg(eplb?.obj.num_redundant_experts);
      if (!eplb || n === undefined || n === 0) continue;
      ctx.report({
        message: `num_redundant_experts is set to ${n} but EPLB is not enabled; vLLM refuses to start. Either set enable_eplb: true or remove num_redundant_experts.`,
        range: eplb.rangeOf('num_redundant_experts'),
      });
    }
  },
});
