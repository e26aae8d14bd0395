/**
 * On-demand tokenizer for protobuf text format. Kept apart from the parser so
 * the grammar reads on its own; tokens carry exact UTF-16 offsets plus the
 * line facts (first on its line, indentation) the parser's recovery uses.
 */
import type { Comment, SyntaxProblem } from '../types';

export type TokenType = 'ident' | 'number' | 'string' | 'placeholder' | 'punct' | 'invalid' | 'eof';

export interface Token {
  type: TokenType;
  start: number;
  end: number;
  /** Source slice for punct/ident/number/placeholder; decoded text for strings. */
  text: string;
  /** First token on its line (only whitespace/comments before it on that line). */
  lineFirst: boolean;
  /** Indentation (UTF-16 units) of the token's line, meaningful when lineFirst. */
  indent: number;
  /** For strings: closing quote missing. */
  unterminated?: boolean;
}

const PUNCT = '{}<>[]:,;-';
/** TextDecoder rather than Buffer so the core also runs outside Node. */
const UTF8 = new TextDecoder('utf-8');

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v',
  '\\': '\\', "'": "'", '"': '"', '?': '?',
};

export class Lexer {
  private pos = 0;
  private lineStart = 0;
  private sawNewline = true;
  readonly comments: Comment[] = [];
  readonly problems: SyntaxProblem[] = [];
  private readonly buffer: Token[] = [];

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  peek(n = 0): Token {
    while (this.buffer.length <= n) this.buffer.push(this.lex());
    return this.buffer[n]!;
  }

  next(): Token {
    const t = this.peek();
    // The buffer never holds more than two tokens, so shift() is cheap.
    this.buffer.shift();
    return t;
  }

  private skipTrivia(): void {
    const s = this.text;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 10 /* \n */ || c === 13 /* \r */) {
        this.pos++;
        if (c === 13 && s.charCodeAt(this.pos) === 10) this.pos++;
        this.lineStart = this.pos;
        this.sawNewline = true;
      } else if (c === 32 || c === 9 || c === 11 || c === 12 || c === 0xfeff) {
        this.pos++;
      } else if (c === 35 /* # */) {
        const start = this.pos;
        let end = start + 1;
        while (end < s.length && s.charCodeAt(end) !== 10 && s.charCodeAt(end) !== 13) end++;
        this.comments.push({ range: { start, end }, text: s.slice(start + 1, end).trim() });
        this.pos = end;
      } else {
        return;
      }
    }
  }

  private token(type: TokenType, start: number, end: number, lineFirst: boolean, text = this.text.slice(start, end)): Token {
    this.pos = end;
    return { type, start, end, text, lineFirst, indent: start - this.lineStart };
  }

  private lex(): Token {
    this.skipTrivia();
    const s = this.text;
    const start = this.pos;
    const lineFirst = this.sawNewline;
    this.sawNewline = false;
    if (start >= s.length) return this.token('eof', start, start, lineFirst, '');
    const c = s.charCodeAt(start);
    if (isIdentStart(c)) {
      let end = start + 1;
      while (end < s.length && isIdentPart(s.charCodeAt(end))) end++;
      return this.token('ident', start, end, lineFirst);
    }
    if (isDigit(c) || (c === 46 /* . */ && isDigit(s.charCodeAt(start + 1)))) {
      let end = start + 1;
      const hex = c === 48 && (s[end] === 'x' || s[end] === 'X');
      while (end < s.length) {
        const d = s.charCodeAt(end);
        if (isIdentPart(d) || d === 46) end++;
        else if ((d === 43 || d === 45) /* + - */ && !hex && (s[end - 1] === 'e' || s[end - 1] === 'E')) end++;
        else break;
      }
      return this.token('number', start, end, lineFirst);
    }
    if (c === 34 || c === 39) return this.lexString(start, lineFirst);
    if (c === 36 /* $ */ && s[start + 1] === '{') {
      let end = start + 2;
      while (end < s.length && s[end] !== '}' && s[end] !== '\n' && s[end] !== '\r') end++;
      if (s[end] === '}') return this.token('placeholder', start, end + 1, lineFirst);
      this.problems.push({
        code: 'pbtxt/unterminated-placeholder',
        message: "Template placeholder '${' is not closed with '}' on this line.",
        range: { start, end },
      });
      return this.token('placeholder', start, end, lineFirst);
    }
    if (PUNCT.includes(s[start]!)) return this.token('punct', start, start + 1, lineFirst);
    // One whole code point, so a stray emoji is reported as one character.
    return this.token('invalid', start, start + (s.codePointAt(start)! > 0xffff ? 2 : 1), lineFirst);
  }

  private lexString(start: number, lineFirst: boolean): Token {
    const s = this.text;
    const quote = s[start]!;
    let i = start + 1;
    let out = '';
    let segStart = i;
    // Octal/hex escapes are bytes; consecutive ones are decoded together as UTF-8.
    let bytes: number[] = [];
    const flushBytes = (): void => {
      if (bytes.length) out += UTF8.decode(new Uint8Array(bytes));
      bytes = [];
    };
    let unterminated = true;
    while (i < s.length) {
      const c = s[i]!;
      if (c === quote) {
        unterminated = false;
        break;
      }
      if (c === '\n' || c === '\r') break;
      if (c !== '\\') {
        i++;
        continue;
      }
      if (i > segStart) {
        flushBytes();
        out += s.slice(segStart, i);
      }
      const e = s[i + 1];
      if (e === undefined || e === '\n' || e === '\r') {
        i++;
        segStart = i;
        break;
      }
      if (e in SIMPLE_ESCAPES) {
        flushBytes();
        out += SIMPLE_ESCAPES[e];
        i += 2;
      } else if (e === 'x' || e === 'X') {
        const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 2, i + 4));
        if (m) {
          bytes.push(parseInt(m[0], 16));
          i += 2 + m[0].length;
        } else {
          this.badEscape(i, i + 2);
          i += 2;
        }
      } else if (e >= '0' && e <= '7') {
        const m = /^[0-7]{1,3}/.exec(s.slice(i + 1, i + 4))!;
        bytes.push(parseInt(m[0], 8) & 0xff);
        i += 1 + m[0].length;
      } else if (e === 'u' || e === 'U') {
        const len = e === 'u' ? 4 : 8;
        const digits = s.slice(i + 2, i + 2 + len);
        const cp = /^[0-9a-fA-F]+$/.test(digits) && digits.length === len ? parseInt(digits, 16) : NaN;
        if (cp <= 0x10ffff) {
          flushBytes();
          out += String.fromCodePoint(cp);
          i += 2 + len;
        } else {
          this.badEscape(i, i + 2);
          i += 2;
        }
      } else {
        this.badEscape(i, i + 2);
        flushBytes();
        out += e;
        i += 2;
      }
      segStart = i;
    }
    flushBytes();
    out += s.slice(segStart, i);
    const end = unterminated ? i : i + 1;
    if (unterminated) {
      this.problems.push({
        code: 'pbtxt/unterminated-string',
        message: `String is missing its closing ${quote}; strings must end on the line they start.`,
        range: { start, end },
      });
    }
    this.pos = end;
    return { type: 'string', start, end, text: out, lineFirst, indent: start - this.lineStart, unterminated };
  }

  private badEscape(start: number, end: number): void {
    this.problems.push({
      code: 'pbtxt/invalid-escape',
      message: `Invalid escape sequence '${this.text.slice(start, end)}' in string.`,
      range: { start, end },
    });
  }
}
