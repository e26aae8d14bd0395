/** vLLM's server argument check: automatic tool choice needs a parser for the model's tool-call format. */
import { defineRule } from '../../../rules/rule';
import { argNodes, argSets } from './args';

export const autoToolChoiceRequiresParser = defineRule({
  id: 'vllm/auto-tool-choice-requires-parser',
  appliesTo: { formats: ['vllm'] },
  severity: 'error',
  title: 'enable_auto_tool_choice without tool_call_parser',
  fix: 'none',
  sources: ['vLLM `vllm/entrypoints/openai/cli_args.py` `validate_parsed_serve_args`'],
  check(ctx) {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      if (set.args.enable_auto_tool_choice !== true) continue;
      const parser = set.args.tool_call_parser;
      if (typeof parser === 'string' && parser.trim()) continue;
      const key = argNodes(a, set, 'enable_auto_tool_choice').key;
      if (!key) continue;
      ctx.report({
        message: '--enable-auto-tool-choice requires --tool-call-parser: vLLM exits at start-up. Add tool_call_parser with the parser for your model (e.g. hermes, llama3_json, mistral, openai).',
        range: key.range,
      });
    }
  },
});
