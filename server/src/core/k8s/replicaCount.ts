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
export const HOST_REPLICA_KEYS: readonly string[] = ['spec.replicas', 'spec.prefill.replicas', 'replicaCount', 'deploymentConfig.replicas', 'decode.replicas', 'prefill.replicas', 'replicas'];

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
  const scalar = asScalar(node);
  const n = count(node);
  if (!scalar || n === undefined) return { text, segments, replicas: n };
  const head = `# ${key}: `;
  const written = String(n);
  const at = { start: head.length, end: head.length + written.length };
  const line = `${head}${written}\n`;
  // A quoted count ("2") maps to the digits inside the quotes, so the fix keeps them.
  const quoted = scalar.range.end - scalar.range.start === written.length + 2;
  const hostRange = quoted ? { start: scalar.range.start + 1, end: scalar.range.end - 1 } : scalar.range;
  const shifted = segments.map((s) => ({ ...s, inner: { start: s.inner.start + line.length, end: s.inner.end + line.length } }));
  return { text: line + text, segments: [{ inner: at, host: hostRange }, ...shifted], replicas: n, replicasAt: at };
}
