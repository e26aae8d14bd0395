/**
 * JSON-valued arguments (speculative_config, hf_overrides, compilation_config, ...)
 * given as a string are parsed with json.loads. Python-style dicts (single quotes,
 * True/None) and other near-JSON fail there, and vLLM exits before loading anything.
 */
import { defineRule } from '../../../rules/rule';
import { canonicalKey, topPairs, vllmProps } from './serve-flags';

/** Python-literal spellings people paste from code, turned into JSON. */
function pythonToJson(s: string): string {
  return s
    .replace(/'/g, '"')
    .replace(/\bTrue\b/g, 'true')
    .replace(/\bFalse\b/g, 'false')
    .replace(/\bNone\b/g, 'null');
}

function parses(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

export const jsonArgumentInvalid = defineRule({
  id: 'vllm/json-argument-invalid',
  appliesTo: { formats: ['vllm'] },
  severity: 'error',
  title: 'JSON-valued argument given as a string that is not valid JSON',
  fix: 'unsafe',
  sources: ['vLLM `vllm/utils/argparse_utils.py` `FlexibleArgumentParser.load_config_file` (mappings become JSON strings) and the JSON argument type in `vllm/engine/arg_utils.py`'],
  check(ctx) {
    const a = ctx.analysis;
    if (!a.value) return;
    const props = vllmProps();
    for (const pair of topPairs(a.root)) {
      const name = canonicalKey(String(pair.key.value ?? ''));
      if (!props[name]?.['x-json']) continue;
      const v = pair.value;
      if (v?.kind !== 'scalar' || typeof v.value !== 'string') continue;
      const s = v.value.trim();
      // Plain strings are legitimate for some of these (a path, a level number); only judge JSON attempts.
      if (!/^[[{]/.test(s) || parses(s)) continue;
      let why = 'not valid JSON';
      try {
        JSON.parse(s);
      } catch (e) {
        why = (e as Error).message;
      }
      const fixed = pythonToJson(s);
      ctx.report({
        message: `${pair.key.source} is not valid JSON (${why}): vLLM parses this string with json.loads and exits. Use double quotes and true/false/null, or write it as a YAML mapping.`,
        range: v.range,
        data: parses(fixed) ? { json: fixed } : undefined,
      });
    }
  },
  fixes(finding) {
    const json = finding.data?.json;
    if (typeof json !== 'string') return [];
    // Single-quoted YAML keeps JSON's double quotes literal; escape the rare single quote.
    return [{ title: 'Rewrite as JSON', edits: [{ range: finding.range, newText: `'${json.replace(/'/g, "''")}'` }] }];
  },
});
