/** A draft model runs either on one GPU or sharded exactly like the target. */
import { replaceScalar } from '../../../editing/edits';
import { defineRule } from '../../../rules/rule';
import { argSets, intArg } from './args';
import { jsonArg } from './json-arg';

export const speculativeDraftTpInvalid = defineRule({
  id: 'vllm/speculative-draft-tp-invalid',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'draft_tensor_parallel_size other than 1 or the target tensor_parallel_size',
  fix: 'unsafe',
  sources: ['vLLM `vllm/config/speculative.py` `_verify_and_get_draft_tp` (@002e77c1)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      const spec = jsonArg(a, set, 'speculative_config');
      const draft = intArg(spec?.obj.draft_tensor_parallel_size);
      if (!spec || draft === undefined) continue;
      const target = intArg(set.args.tensor_parallel_size) ?? 1;
      if (draft === 1 || draft === target) continue;
      ctx.report({
        message: `speculative_draft_tensor_parallel_size=${draft} cannot be other value than 1 or target model tensor_parallel_size (${target}); vLLM refuses to start.`,
        range: spec.rangeOf('draft_tensor_parallel_size'),
        data: spec.fromString ? undefined : { target },
      });
    }
  },
  fixes(finding, a) {
    const target = finding.data?.target;
    if (typeof target !== 'number') return [];
    const node = { kind: 'scalar' as const, range: finding.range, value: null, source: a.text.slice(finding.range.start, finding.range.end) };
    return [
      { title: 'Set draft_tensor_parallel_size to 1', edits: [replaceScalar(a.text, node, 1)] },
      ...(target !== 1 ? [{ title: `Set draft_tensor_parallel_size to ${target} (the target's)`, edits: [replaceScalar(a.text, node, target)] }] : []),
    ];
  },
});
