/** vLLM `serve --config` YAML: canonical keys, schema noun, and the ServingPlan. */
import type { FrameworkAdapter } from '../adapter';
import { toValue } from '../../schema/value';
import { mapVllmKey, spellerFor, VLLM_SYNONYMS } from '../../engineArgs/keys';
import { planFromEngineArgs } from '../../engineArgs/plan';

export const vllmAdapter: FrameworkAdapter = {
  noun: 'vLLM argument',
  synonyms: VLLM_SYNONYMS,
  toValue(input, findings) {
    return toValue(input.root, {
      mapKey: mapVllmKey,
      onDuplicate: (first, second, path) =>
        findings.push({
          code: 'vllm/duplicate-argument',
          severity: 'warning',
          message: `"${second.source}" sets the same argument as "${first.source}" (vLLM treats - and _ alike); the later value wins.`,
          range: second.range,
          related: [{ range: first.range, message: 'first set here' }],
          data: { path },
        }),
    });
  },
  speller(input) {
    const keys = input.root?.kind === 'map' ? input.root.pairs.map((p) => String(p.key.value)) : [];
    return spellerFor(keys);
  },
  plan(input, v) {
    const dep = planFromEngineArgs(input.root, v, [], 'vllm serve', input.root?.range ?? { start: 0, end: 0 });
    return { format: 'vllm', deployments: [dep] };
  },
};
