/** TensorRT's execution_context_allocation_strategy parameter takes STATIC or ON_PROFILE_CHANGE. */
import { defineRule } from '../../../rules/rule';
import { configOf, isObj, isTemplate, mapEntries, modelName, rangeAt, resolvePlatform, str } from './model-config';

const KEY = 'execution_context_allocation_strategy';
const VALUES = ['STATIC', 'ON_PROFILE_CHANGE'];

export const tensorrtAllocationStrategyInvalid = defineRule({
  id: 'triton/tensorrt-allocation-strategy-invalid',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Unknown execution_context_allocation_strategy for a TensorRT model',
  fix: 'none',
  sources: ['triton-inference-server/tensorrt_backend README (parameter `execution_context_allocation_strategy`); QA `custom_parameters/tensorrt` (triton-inference-server/server @e1db8a60)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg || resolvePlatform(cfg)?.platform !== 'tensorrt_plan') return;
    for (const e of mapEntries(cfg.parameters)) {
      if (!e.effective || e.key !== KEY || !isObj(e.value)) continue;
      const v = str(e.value.string_value);
      // Case is not judged: whether the backend accepts "static" was not confirmed in its source.
      if (v === undefined || isTemplate(v) || VALUES.includes(v.toUpperCase())) continue;
      ctx.report({
        message: `"${v}" is not an allocation strategy the TensorRT backend knows (${VALUES.join(', ')}); loading fails ("Invalid value for '${KEY}': '${v}' for model instance '${modelName(cfg)}'").`,
        range: rangeAt(ctx.analysis, ['parameters', e.index, 'value', 'string_value']),
      });
    }
  },
});
