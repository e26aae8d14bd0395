/** n-gram speculation looks back between prompt_lookup_min and prompt_lookup_max tokens. */
import { defineRule } from '../../../rules/rule';
import { argSets, intArg, setOf } from './args';
import { jsonArg } from './json-arg';

export const speculativeNgramLookupOrder = defineRule({
  id: 'vllm/speculative-ngram-lookup-order',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'prompt_lookup_min larger than prompt_lookup_max',
  fix: 'unsafe',
  sources: ['vLLM `vllm/config/speculative.py` `SpeculativeConfig.__post_init__` (@002e77c1)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      const spec = jsonArg(a, set, 'speculative_config');
      if (!spec) continue;
      const method = spec.obj.method;
      if (typeof method === 'string' && !/^ngram/.test(method)) continue;
      const lo = intArg(spec.obj.prompt_lookup_min);
      const hi = intArg(spec.obj.prompt_lookup_max);
      if (lo === undefined || hi === undefined || lo < 1 || hi < 1 || lo <= hi) continue;
      const loNode = spec.nodesOf('prompt_lookup_min').value;
      const hiNode = spec.nodesOf('prompt_lookup_max').value;
      ctx.report({
        message: `prompt_lookup_min=${lo} must be <= prompt_lookup_max=${hi}; vLLM refuses the speculative config. Swap the two values.`,
        range: spec.rangeOf('prompt_lookup_min'),
        related: hiNode ? [{ range: hiNode.range, message: 'prompt_lookup_max set here' }] : undefined,
        data: loNode && hiNode ? { path: set.path } : undefined,
      });
    }
  },
  fixes(finding, a) {
    const set = setOf(a, finding.data);
    const spec = set ? jsonArg(a, set, 'speculative_config') : undefined;
    const lo = spec?.nodesOf('prompt_lookup_min').value;
    const hi = spec?.nodesOf('prompt_lookup_max').value;
    if (!lo || !hi) return [];
    return [
      {
        title: 'Swap prompt_lookup_min and prompt_lookup_max',
        edits: [
          { range: lo.range, newText: hi.source },
          { range: hi.range, newText: lo.source },
        ],
      },
    ];
  },
});
