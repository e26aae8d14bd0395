/**
 * `vllm serve --config` turns `key: false` into `--no-key`, but only looks that
 * option up under the key exactly as written, and argparse registers it with
 * dashes. So `enable_prefix_caching: false` matches nothing and is dropped
 * without a word; older releases drop every `false`. For a flag that is on by
 * default (or decided automatically) the user's "off" never reaches vLLM.
 */
import { defineRule } from '../../../rules/rule';
import { canonicalKey, topPairs, vllmProps } from './serve-flags';

export const falseFlagIgnored = defineRule({
  id: 'vllm/false-flag-ignored',
  appliesTo: { formats: ['vllm'] },
  severity: 'warning',
  title: '`flag: false` is silently dropped by vllm serve --config',
  fix: 'safe',
  sources: ['vLLM `vllm/utils/argparse_utils.py` `FlexibleArgumentParser.load_config_file` (main, @00da11e3; older `vllm/utils.py` versions skip every `false` of non-StoreBoolean flags)'],
  check(ctx) {
    const a = ctx.analysis;
    if (!a.value) return;
    const props = vllmProps();
    for (const pair of topPairs(a.root)) {
      const raw = String(pair.key.value ?? '').trim();
      const v = pair.value;
      if (v?.kind !== 'scalar' || v.value !== false) continue;
      // Dashed spellings find their --no- option in current releases.
      if (!raw.includes('_') || raw.startsWith('no_') || raw.startsWith('no-')) continue;
      const name = canonicalKey(raw);
      const schema = props[name];
      if (!schema?.['x-negatable'] || schema.default === false) continue;
      const negated = `no-${name.replace(/_/g, '-')}`;
      ctx.report({
        message:
          `"${raw}: false" is silently ignored: vllm serve --config only turns false into --no-… for the dashed key, so ${name} keeps its default (on, or decided by vLLM). ` +
          `Write "${negated}: true".`,
        range: pair.key.range,
        data: { negated },
      });
    }
  },
  fixes(finding, a) {
    const negated = finding.data?.negated;
    if (typeof negated !== 'string' || a.root?.kind !== 'map') return [];
    const pair = a.root.pairs.find((p) => p.key.range.start === finding.range.start);
    if (!pair?.value) return [];
    return [
      {
        title: `Rename to "${negated}: true"`,
        edits: [
          { range: pair.key.range, newText: negated },
          { range: pair.value.range, newText: 'true' },
        ],
      },
    ];
  },
});
