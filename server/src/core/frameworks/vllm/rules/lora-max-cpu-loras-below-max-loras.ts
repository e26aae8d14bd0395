/** The CPU LoRA cache must hold at least the adapters that can be active on the GPU. */
import { defineRule } from '../../../rules/rule';
import { argRange, argSets, intArg, setNumberFix } from './args';

export const loraMaxCpuLorasBelowMaxLoras = defineRule({
  id: 'vllm/lora-max-cpu-loras-below-max-loras',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'max_cpu_loras smaller than max_loras',
  fix: 'unsafe',
  sources: ['vLLM `vllm/config/lora.py` `LoRAConfig._validate_lora_config` (@01230b40)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      const cpu = intArg(set.args.max_cpu_loras);
      const gpu = intArg(set.args.max_loras) ?? 1;
      // 0 or less means "unset" to vLLM: it then defaults to max_loras.
      if (cpu === undefined || cpu <= 0 || cpu >= gpu) continue;
      ctx.report({
        message: `max_cpu_loras (${cpu}) must be >= max_loras (${gpu}); vLLM refuses to start.`,
        range: argRange(a, set, 'max_cpu_loras'),
        data: { path: set.path, value: gpu },
      });
    }
  },
  fixes(finding, a) {
    return setNumberFix(a, finding.data, 'max_cpu_loras', (v) => `Set max_cpu_loras to ${v} (= max_loras)`);
  },
});
