/**
 * vLLM derives the longest context a model supports from its config.json
 * (max_position_embeddings, scaled by RoPE where that extends it) and refuses a
 * larger max_model_len unless VLLM_ALLOW_LONG_MAX_MODEL_LEN=1 is set.
 */
import { defineRule } from '../../../rules/rule';
import { deploymentOf, fmt, setArgEdit } from '../../../rules/capacity/engineArgs';
import { argSets } from './args';
import { archOf } from './model-facts';

export const maxModelLenExceedsDerived = defineRule({
  id: 'vllm/max-model-len-exceeds-derived',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'max_model_len above what the model supports',
  fix: 'unsafe',
  sources: ['vLLM `vllm/config/model.py` `_get_and_verify_max_len` (@0052a5b8)'],
  check(ctx) {
    const a = ctx.analysis;
    // The override lives in the environment; when the file mentions it anywhere, trust it.
    if (a.text.includes('VLLM_ALLOW_LONG_MAX_MODEL_LEN')) return;
    // hf_overrides can change max_position_embeddings or the RoPE scaling.
    if (argSets(a).some((s) => 'hf_overrides' in s.args)) return;
    (a.plan?.deployments ?? []).forEach((dep, index) => {
      const len = dep.model.maxModelLen;
      if (dep.engine !== 'vllm' || !len?.range || typeof len.value !== 'number' || len.value <= 0) return;
      const arch = archOf(dep);
      if (!arch) return;
      const derived = Math.max(arch.maxPositionEmbeddings, arch.ropePositions ?? 0);
      if (!(derived > 0) || len.value <= derived) return;
      ctx.report({
        message:
          `User-specified max_model_len (${fmt(len.value)}) is greater than the derived max_model_len (${fmt(derived)}) of ${arch.id}: vLLM refuses to start ` +
          'unless the environment sets VLLM_ALLOW_LONG_MAX_MODEL_LEN=1, which risks wrong outputs or crashes past the trained length.',
        range: len.range,
        data: { deployment: index, value: derived },
      });
    });
  },
  fixes(finding, a) {
    const dep = deploymentOf(a, finding.data);
    const v = finding.data?.value;
    if (!dep || typeof v !== 'number') return [];
    const e = setArgEdit(a, dep, 'max_model_len', v);
    return e ? [{ title: `Set max_model_len to ${fmt(v)} (the model's maximum)`, edits: [e] }] : [];
  },
});
