/** Several prefills can only share a step when they are chunked. */
import { defineRule } from '../../../rules/rule';
import { argNodes, argRange, argSets, intArg } from './args';

export const partialPrefillsRequireChunkedPrefill = defineRule({
  id: 'vllm/partial-prefills-require-chunked-prefill',
  appliesTo: { formats: ['vllm', 'rayserve'] },
  severity: 'error',
  title: 'max_num_partial_prefills > 1 with chunked prefill off',
  fix: 'none',
  sources: ['vLLM `vllm/config/scheduler.py` `SchedulerConfig.verify_max_model_len` (@01230b40)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      const n = intArg(set.args.max_num_partial_prefills);
      if (n === undefined || n <= 1 || set.args.enable_chunked_prefill !== false) continue;
      // An underscore `enable_chunked_prefill: false` never reaches vLLM (vllm/false-flag-ignored).
      const raw = String(argNodes(a, set, 'enable_chunked_prefill').key?.value ?? '');
      if (a.detection.format === 'vllm' && raw.includes('_') && !/^no[-_]/.test(raw)) continue;
      ctx.report({
        message: `Chunked prefill must be enabled to set max_num_partial_prefills > 1 (here ${n}); vLLM refuses to start.`,
        range: argRange(a, set, 'max_num_partial_prefills'),
        related: [{ range: argRange(a, set, 'enable_chunked_prefill'), message: 'chunked prefill turned off here' }],
      });
    }
  },
});
