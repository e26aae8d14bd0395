/**
 * min_replicas 0 with a cold start longer than http_options.request_timeout_s: with no
 * replica, Ray starts one only once a request is queued for it, and that request waits the
 * whole cold start — longer than the proxy lets it live, so the request that wakes the
 * deployment always times out.
 */
import type { Rule } from '../../../rules/rule';
import { replaceScalar } from '../../../editing/edits';
import { autoscaledLlms, requestTimeoutS } from './llm-cold-start';
import { fmt, isPath, rangeAt, scalarAt } from './serve-blocks';

export const scaleToZeroColdStartOverTimeout: Rule = {
  id: 'rayserve/scale-to-zero-cold-start-over-timeout',
  appliesTo: { schemas: ['rayserve'] },
  defaultSeverity: 'warning',
  title: 'Scale-to-zero with a cold start longer than the request timeout',
  check(ctx) {
    const a = ctx.analysis;
    const timeout = requestTimeoutS(a);
    if (timeout === undefined) return;
    for (const d of autoscaledLlms(a)) {
      if (d.autoscaling.min_replicas !== 0 || d.cold.seconds <= timeout) continue;
      const cold = Math.round(d.cold.seconds);
      const path = [...d.path, 'min_replicas'];
      ctx.report({
        message:
          `min_replicas 0 lets Ray scale ${d.config.label} to zero, and the request that wakes it waits for a replica to start: ~${cold} s for ${d.what} (${d.cold.explain}). ` +
          `http_options.request_timeout_s is ${fmt(timeout)} s, so the proxy drops that request, and every one behind it, before the replica is ready. ` +
          `Keep one replica (min_replicas: 1) or raise request_timeout_s above ${cold}.`,
        range: rangeAt(a, path),
        related: [{ range: rangeAt(a, ['http_options', 'request_timeout_s']), message: 'request_timeout_s' }],
        data: { path },
      });
    }
  },
  fix(finding, a) {
    const { path } = finding.data ?? {};
    if (!isPath(path)) return [];
    const node = scalarAt(a, path);
    return node ? [{ title: 'Keep one replica warm (min_replicas: 1)', edits: [replaceScalar(a.text, node, 1)], preferred: true }] : [];
  },
};
