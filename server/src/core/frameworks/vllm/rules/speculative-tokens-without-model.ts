/**
 * Draft-model speculation needs a draft model; only the methods that draft from
 * the target itself (MTP, n-gram, suffix, ...) can go without one.
 */
import { defineRule } from '../../../rules/rule';
import { argSets } from './args';
import { jsonArg } from './json-arg';

const SELF_DRAFTING = new Set(['mtp', 'dspark', 'ngram', 'ngram_gpu', 'suffix', 'extract_hidden_states']);

export const speculativeTokensWithoutModel = defineRule({
  id: 'vllm/speculative-tokens-without-model',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'num_speculative_tokens without a draft model',
  fix: 'none',
  sources: ['vLLM `vllm/config/speculative.py` `SpeculativeConfig.__post_init__` (@002e77c1)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      const spec = jsonArg(a, set, 'speculative_config');
      if (!spec || spec.obj.num_speculative_tokens === undefined || spec.obj.num_speculative_tokens === null) continue;
      if (typeof spec.obj.model === 'string' && spec.obj.model.trim()) continue;
      const method = spec.obj.method;
      if (typeof method === 'string' && SELF_DRAFTING.has(method)) continue;
      ctx.report({
        message:
          `num_speculative_tokens was provided but without speculative model${typeof method === 'string' ? ` (method ${method})` : ''}; vLLM refuses to start. ` +
          'Add speculative_config.model, or set a method that drafts without one (ngram, mtp, suffix).',
        range: spec.nodesOf('num_speculative_tokens').key?.range ?? spec.rangeOf('num_speculative_tokens'),
      });
    }
  },
});
