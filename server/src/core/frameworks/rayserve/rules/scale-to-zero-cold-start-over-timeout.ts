/**
 * min_replicas 0 with a cold start longer than http_options.request_timeout_s: with no
 * replica, Ray starts one only once a request is queued for it, and that request waits the
 * whole cold start — longer than the proxy lets it live, so the request that wakes the
 * deployment always times out.
 */
import { defineRule } from '../../../rules/rule';
import { replaceScalar } from '../../../editing/edits';
import { autoscaledLlms, requestTimeoutS } from './llm-cold-start';
import { fmt, isPath, rangeAt, scalarAt } from './serve-blocks';

export const scaleToZeroColdStartOverTimeout = defineRule({
  id: 'rayserve/scale-to-zero-cold-start-over-timeout',
  appliesTo: { schemas: ['rayserve'] },
  severity: 'warning',
  title: 'Scale-to-zero with a cold start longer than the request timeout',
  fix: 'unsafe',
  sources: ['Ray `python/ray/serve/autoscaling_policy.py` `replica_queue_length_autoscaling_policy` (read from the code index, commit not shown): "When 0 replicas and queries are queued, scale up the replicas" — with `num_running_replicas == 0` it scales up only when `total_num_requests > 0`. Ray docs `doc/source/serve/http-guide.md` (ray-project/ray @e2f7d44c), *Request cancellation*: a request that outlives the end-to-end timeout (`request_timeout_s`) and has not been sent to a replica is dropped. `HTTPOptions.request_timeout_s` defaults to none (`python/ray/serve/config.py`)'],
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
  fixes(finding, a) {
    const { path } = finding.data ?? {};
    if (!isPath(path)) return [];
    const node = scalarAt(a, path);
    return node ? [{ title: 'Keep one replica warm (min_replicas: 1)', edits: [replaceScalar(a.text, node, 1)] }] : [];
  },
});
