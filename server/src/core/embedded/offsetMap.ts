/**
 * An embedded document is text that lives inside another document (a Ray Serve
 * config in a manifest's block scalar, vLLM arguments in a container's args list)
 * and is analysed on its own. Its offsets are tied to the host's by an OffsetMap,
 * so findings, hovers and quick-fix edits computed on the inner text land on the
 * exact characters of the host that produced them.
 */
import type { OffsetRange, TextEditOffsets } from '../types';

/**
 * One stretch of inner text and the host text it came from. When both have the same
 * length the stretch is copied character for character; otherwise (a token quoted
 * only in the inner text) it is atomic: only its two ends map.
 */
export interface Segment {
  inner: OffsetRange;
  host: OffsetRange;
  /**
   * For a line of a block scalar: where the host line starts, before the indentation
   * the inner text does not have. Edits that start or end at the inner line start
   * use it, so inserting or deleting whole lines keeps every line indented.
   */
  hostLineStart?: number;
}

export interface OffsetMap {
  /** Sorted by inner (and host) start; disjoint. */
  segments: Segment[];
  /**
   * Indentation to add after each line break of an edit's new text (block scalars);
   * undefined when the inner text is synthesised and new lines have no place in the host.
   */
  indent?: string;
}

const linear = (s: Segment) => s.inner.end - s.inner.start === s.host.end - s.host.start;

/** Host offset of an inner offset, or undefined when it falls between segments. */
export function toHost(map: OffsetMap, inner: number): number | undefined {
  const s = segmentAt(map.segments, inner, (x) => x.inner);
  if (!s) return undefined;
  if (inner === s.inner.start) return s.host.start;
  if (inner === s.inner.end) return s.host.end;
  return linear(s) ? s.host.start + (inner - s.inner.start) : s.host.start;
}

/** Inner offset of a host offset, or undefined outside every segment. */
export function toInner(map: OffsetMap, host: number): number | undefined {
  const s = segmentAt(map.segments, host, (x) => x.host);
  if (!s) return undefined;
  if (host === s.host.end) return s.inner.end;
  return linear(s) ? s.inner.start + (host - s.host.start) : s.inner.start;
}

export function rangeToHost(map: OffsetMap, r: OffsetRange): OffsetRange | undefined {
  const start = toHost(map, r.start);
  const end = toHost(map, r.end);
  if (start === undefined || end === undefined || end < start) return undefined;
  return { start, end };
}

/**
 * A finding's range, never lost: a range between segments (the synthesised `: ` of
 * an argument) snaps to the nearest segment so the finding still shows up.
 */
export function rangeToHostLoose(map: OffsetMap, r: OffsetRange, fallback: OffsetRange): OffsetRange {
  const exact = rangeToHost(map, r);
  if (exact) return exact;
  const s = map.segments.find((x) => x.inner.end >= r.start) ?? map.segments[map.segments.length - 1];
  return s ? { ...s.host } : fallback;
}

/**
 * An edit of the inner text as an edit of the host, or undefined when it cannot be
 * expressed there (new lines in a synthesised document, a range across segments
 * that are not adjacent in the host).
 */
export function editToHost(map: OffsetMap, e: TextEditOffsets): TextEditOffsets | undefined {
  const range = rangeToHost(map, e.range);
  if (!range) return undefined;
  const multiLine = /[\r\n]/.test(e.newText);
  if (map.indent === undefined) return multiLine ? undefined : { range, newText: e.newText };
  const indent = map.indent;
  const lineStartAt = (inner: number) => map.segments.find((s) => s.inner.start === inner && s.hostLineStart !== undefined)?.hostLineStart;
  const startLine = lineStartAt(e.range.start);
  const endLine = lineStartAt(e.range.end);
  if (startLine !== undefined) range.start = startLine;
  if (endLine !== undefined && endLine >= range.start) range.end = endLine;
  let newText = e.newText.replace(/\r?\n/g, (nl, at: number) => (endLine !== undefined && at + nl.length === e.newText.length ? nl : nl + indent));
  if (startLine !== undefined && newText) newText = indent + newText;
  return { range, newText };
}

function segmentAt(segments: Segment[], at: number, side: (s: Segment) => OffsetRange): Segment | undefined {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = side(segments[mid]);
    if (at < r.start) hi = mid - 1;
    else if (at > r.end) lo = mid + 1;
    else {
      // An offset on the boundary of two touching segments belongs to the later one.
      const next = segments[mid + 1];
      return next && side(next).start === at ? next : segments[mid];
    }
  }
  return undefined;
}
