/**
 * YAML → SourceTree, on eemeli `yaml` (ranges from its CST, errors with offsets).
 *
 * Why YAML 1.1: vLLM, Ray and BentoML all load their files with PyYAML, which
 * implements 1.1 (`yes`/`on` are booleans, `0777` is octal). Parsing as 1.2 would
 * validate a different value than the framework sees.
 */
import { parseAllDocuments, isAlias, isMap, isPair, isScalar, isSeq, type Node as YNode } from 'yaml';
import type { Comment, MapNode, PairNode, ScalarNode, SeqNode, SourceNode, SourceTree, SyntaxProblem } from '../types';

export interface YamlLimits {
  /** Maximum number of nodes that alias expansion may add (alias bombs). */
  maxAliasExpansions: number;
  maxDepth: number;
}

export const DEFAULT_LIMITS: YamlLimits = { maxAliasExpansions: 1000, maxDepth: 200 };

/** A carriage return not followed by a line feed: a line break to PyYAML, not to `yaml`. */
export const LONE_CR = /\r(?!\n)/;

export function parseYaml(source: string, limits: Partial<YamlLimits> = {}): SourceTree {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  // PyYAML breaks lines at a lone \r; `yaml` keeps it inside the line, so old Mac line
  // endings become one line of nested compact mappings (and a stack overflow past a few
  // thousand keys). Same length, so every offset still points into the user's text.
  const text = LONE_CR.test(source) ? source.replace(/\r(?!\n)/g, '\n') : source;
  const tree: SourceTree = { language: 'yaml', roots: [], comments: collectComments(text), errors: [], warnings: [] };
  // `yaml` slows down badly on deeply nested flow collections (`[[[[…`); our converter
  // would stop at maxDepth anyway, so don't hand such text to it at all.
  const tooDeep = nestingOver(text, lim.maxDepth);
  if (tooDeep) {
    tree.roots.push(null);
    tree.limited = { code: 'yaml/too-deep', message: tooDeep.message, range: { start: tooDeep.at, end: Math.min(text.length, tooDeep.at + 1) } };
    return tree;
  }
  // `yaml` refuses alias expansion past maxAliasCount only in toJS; we never call toJS,
  // our own converter below counts expansions instead.
  // `yaml` creates an Error per problem; on garbage input that is hundreds of thousands
  // of stack captures. The stacks are never shown, so don't pay for them.
  const stackLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(text, { version: '1.1', uniqueKeys: false, prettyErrors: false, strict: false });
  } catch (e) {
    // `yaml` recurses once per nesting level (and per compact mapping on one line);
    // whatever shape gets past the checks above must still end in a finding, not a crash.
    if (!(e instanceof RangeError)) throw e;
    tree.roots.push(null);
    tree.limited = { code: 'yaml/too-deep', message: 'The YAML parser ran out of stack: the file nests too deeply to analyse.', range: { start: 0, end: Math.min(text.length, 1) } };
    return tree;
  } finally {
    Error.stackTraceLimit = stackLimit;
  }
  const list = Array.isArray(docs) ? docs : [docs];
  let dropped = 0;
  for (const doc of list) {
    for (const e of doc.errors) {
      if (tree.errors.length < MAX_PROBLEMS) tree.errors.push(problem(e.code, e.message, e.pos, text.length));
      else dropped++;
    }
    for (const w of doc.warnings) if (tree.warnings.length < MAX_PROBLEMS) tree.warnings.push(problem(w.code, w.message, w.pos, text.length));
    const conv = new Converter(text, lim, tree);
    tree.roots.push(doc.contents ? conv.node(doc.contents as YNode, 0) : null);
  }
  if (dropped && !tree.limited) {
    const last = tree.errors[tree.errors.length - 1].range;
    tree.limited = { code: 'yaml/too-many-errors', message: `${dropped.toLocaleString('en-US')} more syntax errors after the first ${MAX_PROBLEMS} are not shown.`, range: last };
  }
  return tree;
}

/**
 * Inline `[`/`{` nesting beyond this is generated or hostile input: real configs nest
 * JSON-style values a handful of levels, and `yaml` takes seconds on deep flow text.
 */
const MAX_FLOW_DEPTH = 50;

/**
 * Indicators opening compact collections in a row on one line (`- - - - x`, `? ? x`):
 * each is a nesting level to `yaml`, which recurses per level and, past a few thousand,
 * aborts the whole process (a V8 out-of-memory that no catch sees). Real files have two
 * or three.
 */
const MAX_COMPACT_RUN = 50;

/**
 * Where the text nests too deeply to hand to `yaml`, with the finding's message; or
 * undefined. Checked before every full or incremental parse.
 */
export function nestingOver(text: string, maxDepth: number): { at: number; message: string } | undefined {
  const flowMax = Math.min(maxDepth, MAX_FLOW_DEPTH);
  const flow = flowDepthOver(text, flowMax);
  if (flow >= 0) return { at: flow, message: `Brackets nest deeper than ${flowMax} levels; this file is not analysed (real configs nest inline lists and maps a few levels at most).` };
  const compact = compactRunOver(text, MAX_COMPACT_RUN);
  if (compact >= 0) return { at: compact, message: `More than ${MAX_COMPACT_RUN} collection indicators (\`- \`, \`? \`, \`: \`) in a row on one line; this file is not analysed (real configs nest a few levels per line at most).` };
  return undefined;
}

/** Offset of the first run of more than `max` compact indicators outside a comment, or -1. */
export function compactRunOver(text: string, max: number): number {
  const run = new RegExp(`(?:^|[ \\t])((?:[-?:][ \\t]+){${max + 1}})`, 'gm');
  for (let m = run.exec(text); m; m = run.exec(text)) {
    const at = m.index + m[0].length - m[1].length;
    const before = text.slice(text.lastIndexOf('\n', at) + 1, at);
    // Inside a comment or a quoted string the dashes are text, not nesting.
    const quoted = (q: string) => before.split(q).length % 2 === 0;
    if (!/(?:^|[ \t])#/.test(before) && !quoted('"') && !quoted("'")) return at;
    const nl = text.indexOf('\n', at);
    if (nl < 0) break;
    run.lastIndex = nl;
  }
  return -1;
}

/**
 * Offset where `[`/`{` nesting first exceeds `max`, or -1. Skips quoted text and
 * comments; approximate on purpose (block scalars may contain brackets), erring only
 * toward parsing.
 */
export function flowDepthOver(text: string, max: number): number {
  let depth = 0;
  let quote = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
      else if (c === 92 && quote === 34) i++;
      else if (c === 10) quote = 0;
      continue;
    }
    if (c === 91 || c === 123) {
      if (++depth > max) return i;
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 35 && (i === 0 || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 10)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === 10 && depth === 0) quote = 0;
  }
  return -1;
}

/** Syntax errors reported per document; past this the file is not YAML in any useful sense. */
const MAX_PROBLEMS = 200;

export function problem(code: string, message: string, pos: [number, number], len: number): SyntaxProblem {
  const start = Math.min(pos[0], len);
  const end = Math.max(start, Math.min(pos[1], len));
  // yaml's messages end with a source excerpt after the first line; keep the sentence.
  return { code: `yaml/${code.toLowerCase().replace(/_/g, '-')}`, message: message.split('\n')[0], range: { start, end } };
}

/** Comments are found with a scan rather than from the CST so pbtxt and YAML share one shape. */
export function collectComments(text: string): Comment[] {
  const out: Comment[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const lineEnd = nextLineEnd(text, i);
    const hash = findCommentStart(text, i, lineEnd);
    if (hash >= 0) out.push({ range: { start: hash, end: lineEnd }, text: text.slice(hash + 1, lineEnd).trim() });
    i = lineEnd + 1;
  }
  return out;
}

function nextLineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  let end = nl < 0 ? text.length : nl;
  if (end > from && text.charCodeAt(end - 1) === 13) end--;
  return end;
}

/** A `#` starts a comment at line start or after whitespace, outside quotes. Block scalars are rare enough to ignore. */
function findCommentStart(text: string, from: number, to: number): number {
  let quote = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) {
        if (quote === 39 && text.charCodeAt(i + 1) === 39) i++;
        else quote = 0;
      } else if (quote === 34 && c === 92) i++;
      continue;
    }
    if (c === 35 && (i === from || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) return i;
    if ((c === 34 || c === 39) && (i === from || /[\s:,[{-]/.test(text[i - 1]))) quote = c;
  }
  return -1;
}

/** yaml nodes → SourceTree nodes; shared with the incremental parser (parse/yamlIncremental.ts). */
export class Converter {
  private expanded = 0;
  private readonly anchors = new Map<string, SourceNode | null>();
  constructor(
    private readonly text: string,
    private readonly limits: YamlLimits,
    private readonly tree: SourceTree,
  ) {}

  node(n: YNode, depth: number): SourceNode | null {
    if (depth > this.limits.maxDepth) {
      this.limit('yaml/too-deep', `Nesting deeper than ${this.limits.maxDepth} levels; the rest of this branch is not analysed.`, n);
      return null;
    }
    if (isAlias(n)) return this.alias(n.source, n);
    let out: SourceNode;
    if (isMap(n)) {
      const pairs: PairNode[] = [];
      for (const p of n.items) {
        if (!isPair(p)) continue;
        const key = p.key ? this.node(p.key as YNode, depth + 1) : null;
        const keyNode: ScalarNode =
          key && key.kind === 'scalar'
            ? key
            : { kind: 'scalar', range: key?.range ?? this.rangeOf(p.value as YNode), value: key ? '[complex key]' : null, source: '' };
        const value = p.value ? this.node(p.value as YNode, depth + 1) : null;
        pairs.push({ key: keyNode, value, range: { start: keyNode.range.start, end: value ? value.range.end : keyNode.range.end } });
      }
      out = { kind: 'map', range: this.rangeOf(n), pairs } satisfies MapNode;
    } else if (isSeq(n)) {
      const items: SourceNode[] = [];
      for (const it of n.items) {
        const c = this.node(it as YNode, depth + 1);
        if (c) items.push(c);
      }
      out = { kind: 'seq', range: this.rangeOf(n), items } satisfies SeqNode;
    } else if (isScalar(n)) {
      const r = this.rangeOf(n);
      const v = n.value;
      let value = typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.toISOString() : (v as ScalarNode['value']);
      // `yaml`'s 1.1 float pattern reads a lone `.` as NaN; PyYAML (what the frameworks
      // use) needs a digit or `.nan` for a float, so `working_dir: .` is the string ".".
      if (typeof value === 'number' && Number.isNaN(value) && !/^[-+]?\.nan$/i.test(this.text.slice(r.start, r.end).trim())) value = this.text.slice(r.start, r.end);
      const quoted = n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE';
      out = { kind: 'scalar', range: r, value: value ?? null, source: this.text.slice(r.start, r.end), ...(quoted ? { quoted } : {}) };
    } else {
      return null;
    }
    const anchor = (n as { anchor?: string }).anchor;
    if (anchor) this.anchors.set(anchor, out);
    return out;
  }

  private alias(name: string, n: YNode): SourceNode | null {
    const target = this.anchors.get(name);
    if (target === undefined) return null;
    if (target === null) return null;
    this.expanded += sizeOf(target, this.limits.maxAliasExpansions + 1);
    if (this.expanded > this.limits.maxAliasExpansions) {
      this.limit(
        'yaml/alias-limit',
        `Alias expansion exceeds ${this.limits.maxAliasExpansions} nodes (possible alias bomb); aliases past the limit are not analysed.`,
        n,
      );
      return null;
    }
    // Shared, not copied: values are read-only, and the alias keeps the anchor's ranges,
    // so a finding inside an aliased value points at the anchored text the user would edit.
    return target;
  }

  private limit(code: string, message: string, n: YNode): void {
    if (!this.tree.limited) this.tree.limited = { code, message, range: this.rangeOf(n) };
  }

  private rangeOf(n: YNode | null | undefined): { start: number; end: number } {
    const r = n?.range;
    if (!r) return { start: 0, end: 0 };
    return { start: r[0], end: r[1] };
  }
}

/** Node count of a subtree, stopping early once `cap` is reached. */
function sizeOf(n: SourceNode, cap: number): number {
  let count = 0;
  const stack: SourceNode[] = [n];
  while (stack.length && count < cap) {
    const cur = stack.pop()!;
    count++;
    if (cur.kind === 'map') for (const p of cur.pairs) { if (p.value) stack.push(p.value); }
    else if (cur.kind === 'seq') stack.push(...cur.items);
  }
  return count;
}
