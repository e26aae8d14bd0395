/** vLLM's server argument check: automatic tool choice needs a parser for the model's tool-call format. */
import { requiresArg } from './requiresArg';

export const autoToolChoiceRequiresParser = requiresArg({
  id: 'vllm/auto-tool-choice-requires-parser',
  appliesTo: { formats: ['vllm'] },
  title: 'enable_auto_tool_choice without tool_call_parser',
  sources: ['vLLM `vllm/entrypoints/openai/cli_args.py` `validate_parsed_serve_args`'],
  when: 'enable_auto_tool_choice',
  requires: (args) => typeof args.tool_call_parser === 'string' && args.tool_call_parser.trim() !== '',
  message: '--enable-auto-tool-choice requires --tool-call-parser: vLLM exits at start-up. Add tool_call_parser with the parser for your model (e.g. hermes, llama3_json, mistral, openai).',
});
