/** Some model families overflow in float16; vLLM refuses that dtype for them. */
import { defineRule } from '../../../rules/rule';
import { deploymentOf, setArgEdit } from '../../../rules/capacity/engineArgs';
import { archOf } from './model-facts';

/** Architectures whose model_type vLLM lists as float16-unsafe (gemma2, gemma3, gemma3_text, plamo2, glm4). */
const UNSAFE: [RegExp, string][] = [
  [/^Gemma2/, 'gemma2'],
  [/^Gemma3/, 'gemma3'],
  [/^Plamo2/, 'plamo2'],
  [/^Glm4For/, 'glm4'],
];

export const float16UnsupportedModel = defineRule({
  id: 'vllm/float16-unsupported-model',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'dtype float16 on a model family that does not support it',
  fix: 'unsafe',
  sources: ['vLLM `vllm/config/model.py` `_check_valid_dtype` (@0052a5b8)'],
  check(ctx) {
    const a = ctx.analysis;
    (a.plan?.deployments ?? []).forEach((dep, index) => {
      const d = dep.model.dtype;
      if (dep.engine !== 'vllm' || !d?.range || typeof d.value !== 'string' || !/^(half|float16)$/i.test(d.value)) return;
      const arch = archOf(dep)?.architecture;
      const type = arch ? UNSAFE.find(([re]) => re.test(arch))?.[1] : undefined;
      if (!type) return;
      ctx.report({
        message: `The model type '${type}' does not support float16 (numerical instability); vLLM refuses to start. Use bfloat16 or float32.`,
        range: d.range,
        data: { deployment: index },
      });
    });
  },
  fixes(finding, a) {
    const dep = deploymentOf(a, finding.data);
    if (!dep) return [];
    const e = setArgEdit(a, dep, 'dtype', 'bfloat16');
    return e ? [{ title: 'Set dtype: bfloat16', edits: [e] }] : [];
  },
});
