/** The draft's context cannot exceed the target's: it proposes tokens for the same sequences. */
import { replaceScalar } from '../../../editing/edits';
import { defineRule } from '../../../rules/rule';
import { fmt } from '../../../rules/capacity/engineArgs';
import { argSets, intArg, setOf } from './args';
import { jsonArg } from './json-arg';

export const speculativeMaxModelLenTooLarge = defineRule({
  id: 'vllm/speculative-max-model-len-too-large',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'speculative_config.max_model_len above the target max_model_len',
  fix: 'unsafe',
  sources: ['vLLM `vllm/config/speculative.py` `_maybe_override_draft_max_model_len` (@002e77c1)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      const spec = jsonArg(a, set, 'speculative_config');
      const draft = intArg(spec?.obj.max_model_len);
      const target = intArg(set.args.max_model_len);
      if (!spec || draft === undefined || target === undefined || target <= 0 || draft <= target) continue;
      ctx.report({
        message: `speculative_max_model_len=${fmt(draft)} cannot be larger than target_max_model_len=${fmt(target)}; vLLM refuses to start.`,
        range: spec.rangeOf('max_model_len'),
        data: spec.fromString ? undefined : { path: set.path, value: target },
      });
    }
  },
  fixes(finding, a) {
    const set = setOf(a, finding.data);
    const v = finding.data?.value;
    const node = set ? jsonArg(a, set, 'speculative_config')?.nodesOf('max_model_len').value : undefined;
    if (!node || typeof v !== 'number') return [];
    return [{ title: `Set speculative max_model_len to ${fmt(v)} (the target's)`, edits: [replaceScalar(a.text, node, v)] }];
  },
});
