/** vLLM's server argument check: outputs are logged as part of request logging. */
import { requiresArg } from './requiresArg';

export const logOutputsRequiresLogRequests = requiresArg({
  id: 'vllm/log-outputs-requires-log-requests',
  appliesTo: { formats: ['vllm'] },
  title: 'enable_log_outputs without enable_log_requests',
  sources: ['vLLM `vllm/entrypoints/openai/cli_args.py` `validate_parsed_serve_args`'],
  when: 'enable_log_outputs',
  // Releases with `disable_log_requests` logged requests by default; don't judge those files.
  requires: (args) => args.enable_log_requests === true || 'disable_log_requests' in args,
  message: '--enable-log-outputs requires --enable-log-requests: vLLM exits at start-up. Add enable_log_requests: true.',
  fixValue: { arg: 'enable_log_requests', value: true },
});
