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
  return folded(node.value, src, node.range.start);
}

/**
 * A plain or quoted scalar written over several lines: YAML folds each line break
 * (with the indentation around it) into one space, and n blank lines into n line
 * breaks. Each line's text keeps its host position; the folds map nowhere. Undefined
 * when the result is not the parser's value (escapes, `''`).
 */
function folded(value: string, src: string, start: number): ScalarText | undefined {
  const q = src[0] === '"' || src[0] === "'" ? src[0] : '';
  if (q && !(src.length > 1 && src.endsWith(q))) return undefined;
  const body = q ? src.slice(1, -1) : src;
  const bodyStart = start + q.length;
  const lines: { start: number; end: number }[] = [];
  const re = /\r\n|\r|\n/g;
  let at = 0;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    lines.push({ start: at, end: m.index });
    at = m.index + m[0].length;
  }
  lines.push({ start: at, end: body.length });
  if (lines.length < 2) return undefined;
  let text = '';
  const segments: Segment[] = [];
  let blanks = 0;
  lines.forEach((l, i) => {
    let a = l.start;
    let b = l.end;
    if (i > 0) while (a < b && /[ \t]/.test(body[a])) a++;
    if (i < lines.length - 1) while (b > a && /[ \t]/.test(body[b - 1])) b--;
    if (a === b && i > 0 && i < lines.length - 1) {
      blanks++;
      return;
    }
    if (i > 0) text += blanks ? '\n'.repeat(blanks) : ' ';
    blanks = 0;
    if (a === b) return;
    segments.push({ inner: { start: text.length, end: text.length + (b - a) }, host: { start: bodyStart + a, end: bodyStart + b } });
    text += body.slice(a, b);
  });
  return text === value ? { text, block: false, map: { segments } } : undefined;
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
