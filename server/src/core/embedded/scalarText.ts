/**
 * The text of a YAML string scalar together with where each character sits in the
 * host, for scalars that hold another document or a command line. Block scalars
 * are rebuilt from the host's own lines (indentation cut, line ends kept as
 * written, CRLF included), so every inner offset has a host offset.
 */
import type { ScalarNode } from '../types';
import type { OffsetMap, Segment } from './offsetMap';

export interface ScalarText {
  text: string;
  map: OffsetMap;
  /** True for `|`/`>` block scalars, whose lines can take new lines from an edit. */
  block: boolean;
}

/**
 * Text and map of a string scalar; undefined for a quoted scalar with escapes, whose
 * characters don't line up with its source (none of the shapes we read uses them).
 */
export function scalarText(host: string, node: ScalarNode): ScalarText | undefined {
  if (typeof node.value !== 'string') return undefined;
  const src = host.slice(node.range.start, node.range.end);
  if (/^[|>]/.test(src)) return blockText(host, node.range.start, node.range.end);
  if (src === node.value) return flat(node.value, node.range.start);
  const q = src[0];
  if ((q === '"' || q === "'") && src.endsWith(q) && src.slice(1, -1) === node.value) return flat(node.value, node.range.start + 1);
  return undefined;
}

function flat(text: string, hostStart: number): ScalarText {
  return { text, block: false, map: { segments: [{ inner: { start: 0, end: text.length }, host: { start: hostStart, end: hostStart + text.length } }] } };
}

/** The content lines of a block scalar starting at `start` (its `|` or `>`). */
export function blockText(host: string, start: number, end: number): ScalarText {
  const header = /^[|>][0-9+-]*[ \t]*(?:#[^\r\n]*)?(\r\n|\r|\n|$)/.exec(host.slice(start));
  let at = start + (header ? header[0].length : 1);
  const lines: { start: number; end: number; eol: number }[] = [];
  while (at < end || (at === end && at < host.length && lines.length === 0)) {
    const m = /\r\n|\r|\n/g;
    m.lastIndex = at;
    const hit = m.exec(host);
    const lineEnd = hit ? hit.index : host.length;
    const eol = hit ? hit[0].length : 0;
    lines.push({ start: at, end: lineEnd, eol });
    if (!hit) break;
    at = lineEnd + eol;
  }
  const lead = (l: { start: number; end: number }) => /^[ ]*/.exec(host.slice(l.start, l.end))![0].length;
  const first = lines.find((l) => host.slice(l.start, l.end).trim() !== '');
  const indent = first ? lead(first) : 0;
  const segments: Segment[] = [];
  let text = '';
  for (const l of lines) {
    const blank = host.slice(l.start, l.end).trim() === '';
    if (!blank && lead(l) < indent) break;
    const cut = Math.min(indent, l.end - l.start);
    const piece = host.slice(l.start + cut, l.end + l.eol);
    segments.push({ inner: { start: text.length, end: text.length + piece.length }, host: { start: l.start + cut, end: l.end + l.eol }, hostLineStart: l.start });
    text += piece;
  }
  return { text, block: true, map: { segments, indent: ' '.repeat(indent) } };
}
