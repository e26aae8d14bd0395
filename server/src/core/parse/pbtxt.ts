/**
 * Protobuf text format (Triton's config.pbtxt) → SourceTree, with exact UTF-16
 * ranges and error recovery. No npm package keeps positions for this format, so
 * this is our own small recursive-descent parser over an on-demand lexer.
 *
 * Design notes:
 * - The parser never looks up field types: it reports the shape of the text
 *   (messages, lists, scalars) and leaves typing to the schema.
 * - Recursion depth is bounded by `maxDepth` (too-deep blocks are skipped with
 *   a loop, not recursion), and every token is visited a bounded number of
 *   times, so 10 MB inputs stay linear.
 * - When a file ends with unclosed braces we parse a second time with an
 *   indentation hint that closes a message where the indentation says it
 *   ended. Valid files never take that path, so the hint cannot invent errors.
 */
import { Lexer, type Token } from './pbtxt-lexer';
import type {
  MapNode,
  OffsetRange,
  PairNode,
  ScalarNode,
  SeqNode,
  SourceNode,
  SourceTree,
  SyntaxProblem,
} from '../types';

/** Limits for {@link parsePbtxt}. */
export interface PbtxtLimits {
  /** Deepest message/list nesting before `pbtxt/too-deep` (default 200). */
  maxDepth?: number;
}

/** Hard ceiling on recursion whatever the caller asks for, to keep clear of the JS stack limit. */
const MAX_DEPTH_CEILING = 1000;
interface OpenMessage {
  /** Expected closing punctuation. */
  closer: '}' | '>';
  opener: Token;
  /** Indentation of the line holding the opener (for the recovery hint). */
  openerIndent: number;
  /** A field of this message started its own line deeper than the opener. */
  sawIndentedField: boolean;
}

class Parser {
  private readonly lx: Lexer;
  private readonly errors: SyntaxProblem[] = [];
  private limited: SyntaxProblem | undefined;
  /** Set when the file ended inside a message; triggers the indentation pass. */
  hitEofInMessage = false;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
    private readonly indentHint: boolean,
  ) {
    this.lx = new Lexer(text);
  }

  parse(): SourceTree {
    const root: MapNode = { kind: 'map', range: { start: 0, end: this.text.length }, pairs: [] };
    this.parseFields(root, null, 0);
    const errors = [...this.lx.problems, ...this.errors].sort((a, b) => a.range.start - b.range.start);
    const tree: SourceTree = { language: 'pbtxt', roots: [root], comments: this.lx.comments, errors, warnings: [] };
    if (this.limited) tree.limited = this.limited;
    return tree;
  }

  private error(code: string, message: string, range: OffsetRange): void {
    this.errors.push({ code, message, range });
  }

  private describe(t: Token): string {
    if (t.type === 'eof') return 'end of file';
    return `'${this.text.slice(t.start, Math.min(t.end, t.start + 40))}'`;
  }

  /** Fields until `open.closer` (or EOF at the root). Fills `map.pairs` and fixes up the map's end. */
  private parseFields(map: MapNode, open: OpenMessage | null, depth: number): void {
    const lx = this.lx;
    for (;;) {
      const t = lx.peek();
      if (t.type === 'eof') {
        if (open) {
          this.hitEofInMessage = true;
          this.error('pbtxt/unclosed-brace', `'${open.opener.text}' is never closed: expected '${open.closer}' before the end of the file.`, range(open.opener));
          map.range.end = t.start;
        }
        return;
      }
      if (t.type === 'punct' && open && t.text === open.closer) {
        lx.next();
        map.range.end = t.end;
        return;
      }
      if (open && this.indentHint && t.lineFirst && open.sawIndentedField && t.indent <= open.openerIndent && t.type === 'ident') {
        // The indentation says this field belongs to an outer message: the '}' is missing.
        this.error('pbtxt/unclosed-brace', `'${open.opener.text}' is never closed: expected '${open.closer}' before ${this.describe(t)} on a later line.`, range(open.opener));
        const last = map.pairs[map.pairs.length - 1];
        map.range.end = last ? last.range.end : open.opener.end;
        return;
      }
      if (t.type === 'ident' || (t.type === 'punct' && t.text === '[')) {
        if (open && t.lineFirst && t.indent > open.openerIndent) open.sawIndentedField = true;
        const pair = this.parseField(depth);
        if (pair) map.pairs.push(pair);
        const sep = lx.peek();
        if (sep.type === 'punct' && (sep.text === ',' || sep.text === ';')) lx.next();
        continue;
      }
      lx.next();
      this.error('pbtxt/unexpected-token', `Unexpected ${this.describe(t)}: expected a field name${open ? ` or '${open.closer}'` : ''}.`, range(t));
      this.recover();
    }
  }

  /**
   * Skip to a plausible field boundary: a closer of the current message, an
   * identifier that starts a line or is followed by ':'/'{'/'<', or EOF.
   * Balanced brackets inside the skipped text are skipped whole.
   */
  private recover(): void {
    const lx = this.lx;
    let depth = 0;
    for (;;) {
      const t = lx.peek();
      if (t.type === 'eof') return;
      if (t.type === 'punct') {
        if (t.text === '{' || t.text === '<' || t.text === '[') depth++;
        else if (t.text === '}' || t.text === '>' || t.text === ']') {
          if (depth === 0) return;
          depth--;
        }
      } else if (depth === 0 && t.type === 'ident') {
        const after = lx.peek(1);
        if (t.lineFirst || (after.type === 'punct' && (after.text === ':' || after.text === '{' || after.text === '<'))) return;
      }
      lx.next();
    }
  }

  private parseField(depth: number): PairNode | null {
    const lx = this.lx;
    const key = this.parseKey();
    if (!key) return null;
    let t = lx.peek();
    let colon: Token | null = null;
    if (t.type === 'punct' && t.text === ':') {
      colon = lx.next();
      t = lx.peek();
    }
    const colonEnd = colon ? colon.end : key.range.end;
    if (t.type === 'punct' && (t.text === '{' || t.text === '<')) return pairOf(key, this.parseMessage(depth + 1), colonEnd);
    if (t.type === 'punct' && t.text === '[') return pairOf(key, this.parseList(depth + 1), colonEnd);
    if (
      t.type === 'eof' ||
      (t.type === 'punct' && '}>],;'.includes(t.text)) ||
      (t.type === 'ident' && colon && t.lineFirst && this.startsField(1))
    ) {
      this.error('pbtxt/missing-value', `Field '${key.source}' has no value.`, { start: key.range.start, end: colonEnd });
      return pairOf(key, null, colonEnd);
    }
    if (!colon) {
      if (t.type === 'ident' || t.type === 'invalid' || (t.type === 'punct' && t.text === ':')) {
        this.error('pbtxt/unexpected-token', `Expected ':' or '{' after field name '${key.source}', found ${this.describe(t)}.`, range(t));
        this.recover();
        return null;
      }
      this.error('pbtxt/missing-colon', `Expected ':' between field name '${key.source}' and its value.`, { start: key.range.end, end: t.start });
    }
    const value = this.parseScalar();
    if (!value) this.recover();
    return pairOf(key, value, colonEnd);
  }

  /** True when the token at lookahead `n` is an identifier followed by ':' / '{' / '<' (a new field). */
  private startsField(n: number): boolean {
    const after = this.lx.peek(n);
    return after.type === 'punct' && (after.text === ':' || after.text === '{' || after.text === '<');
  }

  /** A field name, or an extension/Any name in brackets (`[pkg.Ext]`), kept verbatim. */
  private parseKey(): ScalarNode | null {
    const lx = this.lx;
    const t = lx.next();
    if (t.type === 'ident') return { kind: 'scalar', range: range(t), value: t.text, source: t.text };
    // '[' starts an extension name: read up to ']' on the same construct.
    let end = t.end;
    for (;;) {
      const n = lx.peek();
      if (n.type === 'ident' || (n.type === 'punct' && (n.text === '.' || n.text === '/')) || n.type === 'invalid') {
        lx.next();
        end = n.end;
        continue;
      }
      if (n.type === 'punct' && n.text === ']' && end > t.end) {
        lx.next();
        const source = this.text.slice(t.start, n.end);
        return { kind: 'scalar', range: { start: t.start, end: n.end }, value: source, source };
      }
      this.error('pbtxt/unexpected-token', `Unexpected ${this.describe(t)}: expected a field name.`, range(t));
      this.recover();
      return null;
    }
  }

  /** Opening '{' or '<' is the next token. */
  private parseMessage(depth: number): MapNode | null {
    const opener = this.lx.next();
    if (depth > this.maxDepth) return this.tooDeep(opener);
    const map: MapNode = { kind: 'map', range: { start: opener.start, end: opener.end }, pairs: [] };
    const open: OpenMessage = {
      closer: opener.text === '<' ? '>' : '}',
      opener,
      openerIndent: this.indentOfLine(opener.start),
      sawIndentedField: false,
    };
    this.parseFields(map, open, depth);
    return map;
  }

  private lastIndentLine = -1;
  private lastIndent = 0;

  /** Indentation of the line containing `offset`; cached per line so long lines stay linear. */
  private indentOfLine(offset: number): number {
    const s = this.text;
    let ls = offset;
    while (ls > 0 && s[ls - 1] !== '\n' && s[ls - 1] !== '\r') ls--;
    if (ls === this.lastIndentLine) return this.lastIndent;
    let i = ls;
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
    this.lastIndentLine = ls;
    this.lastIndent = i - ls;
    return this.lastIndent;
  }

  /** Opening '[' is the next token. Items may be scalars or messages. */
  private parseList(depth: number): SeqNode | null {
    const lx = this.lx;
    const opener = lx.next();
    if (depth > this.maxDepth) return this.tooDeep(opener);
    const seq: SeqNode = { kind: 'seq', range: { start: opener.start, end: opener.end }, items: [] };
    const unclosed = (before: Token): SeqNode => {
      if (before.type === 'eof') this.hitEofInMessage = true;
      this.error('pbtxt/unclosed-bracket', `'[' is never closed: expected ']' before ${this.describe(before)}.`, range(opener));
      const last = seq.items[seq.items.length - 1];
      seq.range.end = last ? last.range.end : opener.end;
      return seq;
    };
    let first = true;
    for (;;) {
      let t = lx.peek();
      if (t.type === 'punct' && t.text === ']') {
        lx.next();
        seq.range.end = t.end;
        return seq;
      }
      if (t.type === 'eof' || (t.type === 'punct' && (t.text === '}' || t.text === '>'))) return unclosed(t);
      if (t.type === 'ident' && this.startsField(1)) return unclosed(t);
      if (!first) {
        if (t.type === 'punct' && t.text === ',') {
          lx.next();
          t = lx.peek();
          if (t.type === 'punct' && t.text === ']') {
            this.error('pbtxt/unexpected-token', "Trailing ',' before ']' is not allowed in a list.", range(t));
            continue;
          }
        } else {
          this.error('pbtxt/unexpected-token', `Expected ',' or ']' in list, found ${this.describe(t)}.`, range(t));
          if (!startsValue(t)) {
            lx.next();
            continue;
          }
        }
      }
      first = false;
      if (t.type === 'punct' && (t.text === '{' || t.text === '<')) {
        const m = this.parseMessage(depth + 1);
        if (m) seq.items.push(m);
        continue;
      }
      if (t.type === 'eof' || (t.type === 'punct' && (t.text === '}' || t.text === '>'))) return unclosed(t);
      if (t.type === 'punct' && t.text === '[') {
        this.error('pbtxt/unexpected-token', 'Lists cannot contain lists; write a message with a repeated field instead.', range(t));
        lx.next();
        this.skipBalanced();
        continue;
      }
      const item = this.parseScalar();
      if (item) seq.items.push(item);
      else lx.next();
    }
  }

  /** Skip a too-deep block without recursion; it yields no node. */
  private tooDeep(opener: Token): null {
    const problem: SyntaxProblem = {
      code: 'pbtxt/too-deep',
      message: `Nesting is deeper than ${this.maxDepth} levels; the contents of this block were not analysed.`,
      range: range(opener),
    };
    // Like the YAML parser, a limit is reported once in `limited`, not as a syntax error.
    this.limited ??= problem;
    this.skipBalanced();
    return null;
  }

  /** After an opener has been consumed, skip through its matching closer (or EOF) with a loop. */
  private skipBalanced(): void {
    let depth = 1;
    while (depth > 0) {
      const t = this.lx.next();
      if (t.type === 'eof') return;
      if (t.type === 'punct') {
        if ('{<['.includes(t.text)) depth++;
        else if ('}>]'.includes(t.text)) depth--;
      }
    }
  }

  /** A scalar value; reports and returns null (without consuming) when the next token can't start one. */
  private parseScalar(): ScalarNode | null {
    const lx = this.lx;
    const t = lx.peek();
    if (t.type === 'string') {
      lx.next();
      const parts = [t.text];
      let end = t.end;
      // Adjacent literals concatenate, as in C.
      while (lx.peek().type === 'string' && !t.unterminated) {
        const n = lx.next();
        parts.push(n.text);
        end = n.end;
        if (n.unterminated) break;
      }
      return { kind: 'scalar', range: { start: t.start, end }, value: parts.join(''), source: this.text.slice(t.start, end), quoted: true };
    }
    if (t.type === 'placeholder') {
      lx.next();
      return { kind: 'scalar', range: range(t), value: t.text, source: t.text };
    }
    if (t.type === 'number') {
      lx.next();
      return this.numberNode(t, t.start, 1);
    }
    if (t.type === 'punct' && t.text === '-') {
      const n = lx.peek(1);
      if (n.type === 'number' || (n.type === 'ident' && SPECIAL_FLOATS.has(n.text.toLowerCase()))) {
        lx.next();
        lx.next();
        if (n.type === 'number') return this.numberNode(n, t.start, -1);
        return { kind: 'scalar', range: { start: t.start, end: n.end }, value: -specialFloat(n.text), source: this.text.slice(t.start, n.end) };
      }
      this.error('pbtxt/unexpected-token', `Expected a number after '-', found ${this.describe(n)}.`, range(n));
      lx.next();
      return null;
    }
    if (t.type === 'ident') {
      lx.next();
      const node: ScalarNode = { kind: 'scalar', range: range(t), value: t.text, source: t.text };
      if (TRUE_WORDS.has(t.text)) node.value = true;
      else if (FALSE_WORDS.has(t.text)) node.value = false;
      else if (SPECIAL_FLOATS.has(t.text.toLowerCase())) node.value = specialFloat(t.text);
      else node.identifier = true;
      return node;
    }
    this.error('pbtxt/unexpected-token', `Unexpected ${this.describe(t)}: expected a value.`, range(t));
    return null;
  }

  private numberNode(t: Token, start: number, sign: 1 | -1): ScalarNode {
    const source = this.text.slice(start, t.end);
    const node: ScalarNode = { kind: 'scalar', range: { start, end: t.end }, value: null, source };
    const v = parseNumber(t.text);
    if (v === undefined) {
      this.error('pbtxt/invalid-number', `'${t.text}' is not a valid number.`, range(t));
      node.value = source;
    } else if (typeof v === 'bigint') {
      // Beyond 2^53 a JS number would silently round; keep the exact digits instead.
      node.value = (BigInt(sign) * v).toString();
    } else {
      node.value = sign * v;
    }
    return node;
  }
}

const TRUE_WORDS = new Set(['true', 'True', 't']);
const FALSE_WORDS = new Set(['false', 'False', 'f']);
const SPECIAL_FLOATS = new Set(['inf', 'infinity', 'nan']);

function specialFloat(word: string): number {
  return word.toLowerCase() === 'nan' ? NaN : Infinity;
}

/** Integers (decimal/hex/octal) and floats as protobuf's tokenizer accepts them; bigint when unsafe. */
function parseNumber(text: string): number | bigint | undefined {
  // Fast path for the common case: short decimal integers are always safe.
  if (text.length <= 15 && /^(0|[1-9][0-9]*)$/.test(text)) return Number(text);
  let digits: string | undefined;
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) digits = text;
  else if (/^0[0-7]+$/.test(text)) digits = '0o' + text.slice(1);
  else if (/^(0|[1-9][0-9]*)$/.test(text)) digits = text;
  if (digits !== undefined) {
    const big = BigInt(digits);
    return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  }
  if (/^([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?[fF]?$/.test(text)) {
    return Number(text.replace(/[fF]$/, ''));
  }
  return undefined;
}

function pairOf(key: ScalarNode, value: SourceNode | null, endWithoutValue: number): PairNode {
  return { key, value, range: { start: key.range.start, end: value ? value.range.end : endWithoutValue } };
}

function startsValue(t: Token): boolean {
  if (t.type === 'punct') return '{<-'.includes(t.text);
  return t.type !== 'invalid' && t.type !== 'eof';
}

function range(t: { start: number; end: number }): OffsetRange {
  return { start: t.start, end: t.end };
}

/**
 * Parse protobuf text format (e.g. a Triton `config.pbtxt`).
 *
 * Always returns a tree with exactly one root: a MapNode for the top-level
 * message spanning the whole text. Repeated fields stay as separate pairs in
 * source order; `name: [..]` becomes a SeqNode. Syntax errors are recorded in
 * `errors` and parsing resumes at the next field boundary, so the intact parts
 * of a broken file are still in the tree. Unquoted `${...}` template
 * placeholders are scalar strings whose `source` is the placeholder.
 */
export function parsePbtxt(text: string, limits?: PbtxtLimits): SourceTree {
  const maxDepth = Math.max(1, Math.min(limits?.maxDepth ?? 200, MAX_DEPTH_CEILING));
  const first = new Parser(text, maxDepth, false);
  const tree = first.parse();
  if (!first.hitEofInMessage) return tree;
  // A brace is missing somewhere: let indentation say where each message ends.
  return new Parser(text, maxDepth, true).parse();
}
