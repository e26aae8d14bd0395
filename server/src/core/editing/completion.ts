/**
 * Completion from the schema: keys valid at the cursor, and enum/boolean values after
 * `key:`. The context comes from the text around the cursor (indentation for YAML,
 * braces for pbtxt), because a half-typed line often doesn't parse into the tree.
 */
import type { Analysis } from '../analysis';
import { annotation, propertiesOf, typesOf } from '../schema/navigate';
import type { OffsetRange, PairNode, SourceNode } from '../types';
import { itemsOfArrays, schemaForPath, type Alts } from './cursor';
import { describeSchema } from './hover';
import { mapVllmKey } from '../engineArgs/keys';
import { embeddedAt, hostRange } from '../embedded/embedded';

export interface CompletionEntry {
  label: string;
  kind: 'key' | 'value';
  detail?: string;
  documentation?: string;
  insertText: string;
  deprecated?: boolean;
  sortText?: string;
}

export interface CompletionResult {
  items: CompletionEntry[];
  /** Text the items replace (the word being typed). */
  range: OffsetRange;
}

interface Context {
  path: string[];
  mode: 'key' | 'value';
  key?: string;
  wordStart: number;
  /** Keys already present in the mapping being completed. */
  present: Set<string>;
}

export function completionsAt(a: Omit<Analysis, 'findings'>, offset: number): CompletionResult | undefined {
  if (!a.detection.schema) return undefined;
  if (a.embedded) return embeddedCompletions(a, offset);
  const ctx = a.tree.language === 'pbtxt' ? pbtxtContext(a, offset) : yamlContext(a.text, offset);
  if (!ctx) return undefined;
  const range = { start: ctx.wordStart, end: offset };
  if (ctx.mode === 'value') {
    const alts = schemaForPath(a, [...ctx.path, ctx.key!]);
    return { items: valueItems(alts), range };
  }
  const alts = a.tree.language === 'pbtxt' ? itemsOfArrays(schemaForPath(a, ctx.path)) : schemaForPath(a, ctx.path);
  const props = propertiesOf(alts);
  const items: CompletionEntry[] = [];
  const dashed = a.detection.schema === 'vllm' && ctx.path.length === 0 && dashStyle(a);
  const present = new Set([...ctx.present].map((k) => (a.detection.schema === 'vllm' && ctx.path.length === 0 ? (mapVllmKey(k, [])?.path[0] ?? k) : k)));
  for (const [name, palts] of props) {
    if (present.has(name)) continue;
    const removed = annotation(palts, 'x-removed');
    if (removed) continue;
    const deprecated = !!annotation(palts, 'deprecated');
    const label = dashed ? name.replace(/_/g, '-') : name;
    const types = typesOf(palts);
    const isBlock = types.length === 1 && (types[0] === 'object' || types[0] === 'array');
    const sep = a.tree.language === 'pbtxt' ? (types.includes('object') || (types.includes('array') && isMessageArray(palts)) ? ' {' : ': ') : isBlock ? ':' : ': ';
    items.push({
      label,
      kind: 'key',
      detail: types.join(' | ') || undefined,
      documentation: describeSchema(label, palts),
      insertText: label + sep,
      deprecated,
      sortText: (deprecated ? '1' : '0') + label,
    });
  }
  return { items, range };
}

function isMessageArray(alts: Alts): boolean {
  return alts.some((a) => {
    const items = a.schema.items as Record<string, unknown> | undefined;
    return !!items && (items.type === 'object' || !!items.properties || !!items.$ref);
  });
}

function valueItems(alts: Alts): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  const seen = new Set<string>();
  const push = (label: string, detail?: string) => {
    if (seen.has(label)) return;
    seen.add(label);
    out.push({ label, kind: 'value', insertText: label, detail });
  };
  for (const a of alts) {
    const en = a.schema.enum;
    if (Array.isArray(en)) for (const v of en) push(String(v));
    if (a.schema.const !== undefined) push(String(a.schema.const));
  }
  if (typesOf(alts).includes('boolean')) {
    push('true');
    push('false');
  }
  const def = annotation(alts, 'default');
  if (def !== undefined && typeof def !== 'object') {
    const label = String(def);
    if (!seen.has(label)) push(label, 'default');
    else for (const o of out) if (o.label === label) o.detail = 'default';
  }
  return out;
}

function dashStyle(a: Omit<Analysis, 'findings'>): boolean {
  const keys = a.root?.kind === 'map' ? a.root.pairs.map((p) => String(p.key.value)) : [];
  return keys.filter((k) => k.includes('-')).length > keys.filter((k) => k.includes('_')).length;
}

// ---------------------------------------------------------------------------
// YAML: context from indentation.

const KEY_LINE = /^(\s*)(-\s+)?([^\s#:'"-][^:#]*?|"[^"]*"|'[^']*')\s*:(?:\s|$)/;

export function yamlContext(text: string, offset: number): Context | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  if (before.includes('#')) return undefined;
  const valueMatch = /^(\s*)(-\s+)?([\w.-]+)\s*:\s*([^\s#]*)$/.exec(before);
  const keyMatch = /^(\s*)(-\s+)?([\w.-]*)$/.exec(before);
  if (!valueMatch && !keyMatch) return undefined;
  const m = (valueMatch ?? keyMatch)!;
  const dashCol = m[1].length;
  const col = dashCol + (m[2]?.length ?? 0);
  const path: string[] = [];
  let limit = col;
  let allowEqual = false;
  if (m[2]) {
    path.unshift('0');
    limit = dashCol;
    allowEqual = true;
  }
  const prevLines = text.slice(0, lineStart).split('\n');
  for (let i = prevLines.length - 1; i >= 0 && (limit > 0 || allowEqual); i--) {
    const line = prevLines[i].replace(/\r$/, '');
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const km = KEY_LINE.exec(line);
    const indent = line.length - line.trimStart().length;
    if (!km) {
      const dm = /^(\s*)-(\s+|$)/.exec(line);
      if (dm && (indent < limit || (allowEqual && indent === limit))) {
        // A list item without a key on its line: we are inside it.
        if (indent + dm[0].length - dm[1].length <= limit && !allowEqual) {
          path.unshift('0');
          limit = indent;
          allowEqual = true;
        }
      }
      continue;
    }
    const d = km[1].length;
    const keyCol = d + (km[2]?.length ?? 0);
    const key = unquote(km[3]);
    if (km[2]) {
      // `- key: ...`: its key column is the item's mapping.
      if (keyCol === limit && !allowEqual) {
        path.unshift('0');
        limit = d;
        allowEqual = true;
      } else if (keyCol < limit) {
        path.unshift(key);
        path.unshift('0');
        limit = d;
        allowEqual = true;
      }
      continue;
    }
    if (d < limit || (allowEqual && d === limit)) {
      path.unshift(key);
      limit = d;
      allowEqual = false;
    }
  }
  const present = new Set<string>();
  if (keyMatch) collectSiblings(text, lineStart, col, present);
  if (valueMatch) return { path, mode: 'value', key: valueMatch[3], wordStart: offset - valueMatch[4].length, present };
  return { path, mode: 'key', wordStart: offset - m[3].length, present };
}

function collectSiblings(text: string, lineStart: number, col: number, out: Set<string>): void {
  const scan = (lines: string[], upward: boolean) => {
    for (const raw of lines) {
      const line = raw.replace(/\r$/, '');
      if (!line.trim() || line.trim().startsWith('#')) continue;
      const indent = line.length - line.trimStart().length;
      const km = KEY_LINE.exec(line);
      const keyCol = km ? km[1].length + (km[2]?.length ?? 0) : indent;
      if (keyCol < col) break;
      // `- key:` at our column opens an item: going up it is our item's first key;
      // going down it is the next item's.
      if (km?.[2] && keyCol === col) {
        if (upward) out.add(unquote(km[3]));
        break;
      }
      if (km && keyCol === col) out.add(unquote(km[3]));
    }
  };
  const lineEnd = text.indexOf('\n', lineStart);
  scan(lineEnd < 0 ? [] : text.slice(lineEnd + 1).split('\n'), false);
  scan(text.slice(0, lineStart).split('\n').reverse().slice(1), true);
}

function unquote(k: string): string {
  return k.replace(/^["']|["']$/g, '').trim();
}

// ---------------------------------------------------------------------------
// pbtxt: context from the tree's enclosing message.

/** How far back from the cursor a pbtxt line is read for the key or value being typed. */
const CONTEXT_CHARS = 256;

function pbtxtContext(a: Omit<Analysis, 'findings'>, offset: number): Context | undefined {
  const text = a.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (text.slice(lineStart, offset).includes('#')) return undefined;
  // Only the end of the line decides the context. The $-anchored patterns below are tried
  // from every start position, so on a 40 KB one-line message they took half a second.
  const from = Math.max(lineStart, offset - CONTEXT_CHARS);
  const before = text.slice(from, offset);
  const valueMatch = /([A-Za-z_]\w*)\s*:\s*(\w*)$/.exec(before);
  const keyMatch = (from === lineStart ? /(?:^|[{,;\s])([A-Za-z_]\w*)?$/ : /[{,;\s]([A-Za-z_]\w*)?$/).exec(before);
  const enclosing = enclosingPath(a.root, offset);
  if (!enclosing) return undefined;
  if (valueMatch) return { path: enclosing.path, mode: 'value', key: valueMatch[1], wordStart: offset - valueMatch[2].length, present: new Set() };
  if (!keyMatch) return undefined;
  const word = keyMatch[1] ?? '';
  const present = new Set<string>();
  for (const p of enclosing.map?.pairs ?? []) if (p.key.range.end < offset - word.length || p.key.range.start > offset) present.add(String(p.key.value));
  return { path: enclosing.path, mode: 'key', wordStart: offset - word.length, present };
}

function enclosingPath(root: SourceNode | null, offset: number): { path: string[]; map: { pairs: PairNode[] } | undefined } | undefined {
  const path: string[] = [];
  let cur: SourceNode | null = root;
  let map: { pairs: PairNode[] } | undefined = root?.kind === 'map' ? root : undefined;
  const inside = (r: OffsetRange) => offset > r.start && offset < r.end;
  for (let guard = 0; cur && guard < 200; guard++) {
    if (cur.kind === 'map') {
      map = cur;
      const pair = cur.pairs.find((p) => p.value && p.value.kind !== 'scalar' && inside(p.value.range));
      if (!pair) break;
      path.push(String(pair.key.value));
      cur = pair.value;
    } else if (cur.kind === 'seq') {
      const it = cur.items.find((x) => x.kind !== 'scalar' && inside(x.range));
      if (!it) break;
      cur = it;
    } else break;
  }
  return { path, map };
}

/**
 * Inside a block scalar (serveConfigV2) completion is the embedded config's, with new
 * lines indented to the block; a synthesised document (a command line) offers none.
 */
function embeddedCompletions(a: Omit<Analysis, 'findings'>, offset: number): CompletionResult | undefined {
  const at = embeddedAt(a, offset);
  if (!at || !at.doc.editable) return undefined;
  const r = completionsAt(at.doc.analysis, at.offset);
  const range = r && hostRange(at.doc, r.range);
  if (!r || !range) return undefined;
  const indent = at.doc.map.indent ?? '';
  return { range, items: r.items.map((it) => ({ ...it, insertText: it.insertText.replace(/\r?\n/g, (nl) => nl + indent) })) };
}
