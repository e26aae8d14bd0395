/**
 * Small text edits for quick-fixes that keep the user's formatting and comments:
 * replace a value, rename a key, insert a key into a mapping at the indentation its
 * siblings use, in YAML and pbtxt alike. Fixes compute edits from these; nothing here
 * re-serialises a document.
 */
import type { MapNode, OffsetRange, ScalarNode, SourceNode, TextEditOffsets } from '../types';

export function replaceRange(range: OffsetRange, newText: string): TextEditOffsets {
  return { range, newText };
}

/** Replaces a scalar value, keeping the quotes style when the old value was quoted. */
export function replaceScalar(text: string, node: ScalarNode | SourceNode, value: string | number | boolean): TextEditOffsets {
  const old = text.slice(node.range.start, node.range.end);
  const q = old.startsWith('"') ? '"' : old.startsWith("'") ? "'" : '';
  const shown = typeof value === 'string' && q ? `${q}${value}${q}` : String(value);
  return { range: node.range, newText: shown };
}

export function renameKey(key: ScalarNode, newName: string): TextEditOffsets {
  return { range: key.range, newText: newName };
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEndOf(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}

/** `end` moved back over whitespace, but not before `start`: where a node's text really ends. */
function contentEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text.charAt(end - 1))) end--;
  return end;
}

function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/**
 * Inserts `key: value` (YAML) or `key: value` / `key { ... }` (pbtxt, pass the whole
 * field text) as the last entry of a mapping, on its own line at the siblings'
 * indentation. For an empty or flow mapping, inserts after the parent key's line.
 */
export function insertIntoMap(text: string, map: MapNode, fieldText: string, language: 'yaml' | 'pbtxt', fallbackIndent = '  '): TextEditOffsets {
  const nl = eol(text);
  const last = map.pairs[map.pairs.length - 1];
  if (last) {
    const keyLineStart = lineStartOf(text, last.key.range.start);
    const indent = text.slice(keyLineStart, last.key.range.start).replace(/[^ \t]/g, ' ');
    // After the end of the last pair's line (its value may span lines; keep trailing comments).
    // A nested block value's range ends at the start of the next line; step back over that
    // line break, or the field lands after the parent's next sibling.
    const at = lineEndOf(text, contentEnd(text, last.key.range.end, last.range.end));
    const lineText = fieldText.split('\n').map((l, i) => (i === 0 ? l : indent + l)).join(nl);
    return { range: { start: at, end: at }, newText: `${nl}${indent}${lineText}` };
  }
  // Empty mapping: place inside braces for pbtxt, or replace `{}` in YAML.
  if (language === 'pbtxt') {
    const open = text.indexOf('{', map.range.start);
    const at = open >= 0 && open < map.range.end ? open + 1 : map.range.start;
    return { range: { start: at, end: at }, newText: ` ${fieldText} ` };
  }
  return { range: map.range, newText: `{ ${fieldText} }` };
}

/** Appends a top-level `key: value` line at the end of a YAML document (or a pbtxt field). */
export function appendTopLevel(text: string, fieldText: string): TextEditOffsets {
  const nl = eol(text);
  const needsNl = text.length > 0 && !text.endsWith('\n');
  return { range: { start: text.length, end: text.length }, newText: `${needsNl ? nl : ''}${fieldText}${nl}` };
}

/** Deletes a whole pair including its line(s) when it stands alone on them. */
export function deletePair(text: string, pairRange: OffsetRange): TextEditOffsets {
  const start = lineStartOf(text, pairRange.start);
  const before = text.slice(start, pairRange.start);
  const endLine = lineEndOf(text, pairRange.end);
  const after = text.slice(pairRange.end, endLine);
  if (/^[ \t]*(-[ \t]+)?$/.test(before) && /^[ \t]*(#.*)?\r?$/.test(after) && !/-/.test(before)) {
    const end = endLine < text.length ? endLine + 1 : endLine;
    return { range: { start, end }, newText: '' };
  }
  return { range: pairRange, newText: '' };
}

/**
 * Turns a YAML value into a one-item list in place. A scalar or flow value becomes
 * `[value]`; a block mapping becomes a `- ` item: its first key gets the dash and the
 * lines below move two columns right, so the keys stay aligned under the dash.
 */
export function wrapInList(text: string, value: SourceNode): TextEditOffsets[] {
  const src = text.slice(value.range.start, value.range.end);
  const block = value.kind === 'map' && !src.trimStart().startsWith('{');
  if (!block) return [{ range: value.range, newText: `[${src.trimEnd()}]` }];
  const edits: TextEditOffsets[] = [{ range: { start: value.range.start, end: value.range.start }, newText: '- ' }];
  const end = contentEnd(text, value.range.start, value.range.end);
  for (let nl = text.indexOf('\n', value.range.start); nl >= 0 && nl < end; nl = text.indexOf('\n', nl + 1)) {
    edits.push({ range: { start: nl + 1, end: nl + 1 }, newText: '  ' });
  }
  return edits;
}
