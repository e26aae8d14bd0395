/**
 * The config loader hands every scalar to argparse as `str(value)`. YAML reads
 * `2.0` (or `1e3`) as a float, and Python's int() rejects "2.0", so an integer
 * argument written with a decimal point stops vLLM with "invalid int value".
 */
import { replaceScalar } from '../../../editing/edits';
import { defineRule } from '../../../rules/rule';
import { canonicalKey, isIntegerArg, topPairs, vllmProps } from './serve-flags';

export const integerArgumentDecimal = defineRule({
  id: 'vllm/integer-argument-decimal',
  appliesTo: { formats: ['vllm'] },
  severity: 'error',
  title: 'Integer argument written with a decimal point or exponent',
  fix: 'safe',
  sources: ['vLLM `vllm/utils/argparse_utils.py` `FlexibleArgumentParser.load_config_file` and `human_readable_int`'],
  check(ctx) {
    const a = ctx.analysis;
    if (!a.value) return;
    const props = vllmProps();
    for (const pair of topPairs(a.root)) {
      const raw = String(pair.key.value ?? '');
      const name = canonicalKey(raw);
      const v = pair.value;
      if (v?.kind !== 'scalar' || v.quoted || typeof v.value !== 'number' || !isIntegerArg(props[name])) continue;
      // Non-integers already fail the schema; here the value is whole but spelled as a float.
      if (!Number.isInteger(v.value) || !/[.eE]/.test(v.source)) continue;
      ctx.report({
        message: `argument --${name.replace(/_/g, '-')}: invalid int value: '${v.source}'. vLLM passes the value to int() as text, which rejects a decimal point; write ${v.value}.`,
        range: v.range,
        data: { value: v.value },
      });
    }
  },
  fixes(finding, a) {
    const n = finding.data?.value;
    // Past 2^53 String(n) is an exponent again (1e308 → "1e+308"): there is no digit string to offer.
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) return [];
    return [{ title: `Write ${n}`, edits: [replaceScalar(a.text, { kind: 'scalar', range: finding.range, value: n, source: String(n) }, n)] }];
  },
});
