/** vLLM's server argument check: outputs are logged as part of request logging. */
import { defineRule } from '../../../rules/rule';
import { argNodes, argSets, setArg, setOf } from './args';

export const logOutputsRequiresLogRequests = defineRule({
  id: 'vllm/log-outputs-requires-log-requests',
  appliesTo: { formats: ['vllm'] },
  severity: 'error',
  title: 'enable_log_outputs without enable_log_requests',
  fix: 'unsafe',
  sources: ['vLLM `vllm/entrypoints/openai/cli_args.py` `validate_parsed_serve_args`'],
  check(ctx) {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      if (set.args.enable_log_outputs !== true || set.args.enable_log_requests === true) continue;
      // Releases with `disable_log_requests` logged requests by default; don't judge those files.
      if ('disable_log_requests' in set.args) continue;
      const key = argNodes(a, set, 'enable_log_outputs').key;
      if (!key) continue;
      ctx.report({
        message: '--enable-log-outputs requires --enable-log-requests: vLLM exits at start-up. Add enable_log_requests: true.',
        range: key.range,
        data: { path: set.path },
      });
    }
  },
  fixes(finding, a) {
    const set = setOf(a, finding.data);
    if (!set) return [];
    const e = setArg(a, set, 'enable_log_requests', true);
    return e ? [{ title: 'Set enable_log_requests: true', edits: [e] }] : [];
  },
});
