/**
 * A replica count the manifest writes outside the embedded config (a Deployment's
 * `spec.replicas`, the chart's `replicaCount`). The embedded config is analysed on its
 * own, so the count is carried into its text as a comment line mapped to the host's
 * number: the plan's replica count then has a range like any setting of the config, and
 * the SLA findings and fixes about it land on, and rewrite, the number the user edits.
 */
import type { OffsetRange, SourceNode } from '../types';
import type { Segment } from '../embedded/offsetMap';
import { asScalar, count } from './nodes';

/** The host's names for a replica count, as the SLA findings name the number to edit. */
export const HOST_REPLICA_KEYS: readonly string[] = ['spec.replicas', 'spec.prefill.replicas', 'replicaCount', 'deploymentConfig.replicas', 'decode.replicas', 'prefill.replicas', 'replicas',
  'spec.scaling.minReplicas', 'spec.scaling.maxReplicas', 'spec.prefill.scaling.minReplicas', 'spec.prefill.scaling.maxReplicas'];

export interface CountedText {
  text: string;
  segments: Segment[];
  replicas?: number;
  /** Where the count is in `text` (inner offsets). */
  replicasAt?: OffsetRange;
}

/**
 * `text` with the count as its first line. First, because the count usually comes
 * before the containers in the host, so the map's segments stay in host order too.
 */
export function withReplicaCount(text: string, segments: Segment[], node: SourceNode | undefined, key: string): CountedText {
  const out = withCounts(text, segments, [{ node, key }]);
  return { text: out.text, segments: out.segments, replicas: out.counts[0].value, replicasAt: out.counts[0].at };
}

export interface HostCount {
  value?: number;
  /** Where the count is in the embedded text (inner offsets), when the host writes it. */
  at?: OffsetRange;
  key: string;
}

/** `text` with each written count as a line of its own, in the order given (see withReplicaCount). */
export function withCounts(text: string, segments: Segment[], wanted: { node: SourceNode | undefined; key: string }[]): { text: string; segments: Segment[]; counts: HostCount[] } {
  let head = '';
  const lead: Segment[] = [];
  const counts = wanted.map(({ node, key }): HostCount => {
    const scalar = asScalar(node);
    const n = count(node);
    if (!scalar || n === undefined) return { value: n, key };
    const prefix = `${head}# ${key}: `;
    const written = String(n);
    const at = { start: prefix.length, end: prefix.length + written.length };
    head = `${prefix}${written}\n`;
    // A quoted count ("2") maps to the digits inside the quotes, so the fix keeps them.
    const quoted = scalar.range.end - scalar.range.start === written.length + 2;
    lead.push({ inner: at, host: quoted ? { start: scalar.range.start + 1, end: scalar.range.end - 1 } : scalar.range });
    return { value: n, at, key };
  });
  const shifted = segments.map((s) => ({ ...s, inner: { start: s.inner.start + head.length, end: s.inner.end + head.length } }));
  return { text: head + text, segments: [...lead, ...shifted], counts };
}
