/**
 * A container's `command` + `args` that run vLLM's OpenAI server, read as the
 * arguments vLLM's parser would see and rewritten as the `vllm serve --config` YAML
 * they mean (vLLM itself turns such a file into `--key value` pairs), so the same
 * schema, canonical keys and rules apply. Every key and value of that YAML is mapped
 * to the list item, or the token inside a shell string, that holds it.
 */
import { loadSchema, type JsonSchema } from '../schema/registry';
import { canonical } from '../engineArgs/keys';
import { vllmShortOptions } from '../engineArgs/table';
import type { OffsetRange, SeqNode, SourceNode } from '../types';
import { toHost, type Segment } from '../embedded/offsetMap';
import { scalarText } from '../embedded/scalarText';
import { attachedLevel, dashODottedIsCompilationConfig, dashOMeaning, isLevel } from '../engineArgs/optimizationFlag';

export interface Token {
  text: string;
  /** Host offset of character i of `text`, when it has one (unquoted or wholly quoted). */
  at: (i: number) => number | undefined;
  range: OffsetRange;
}

export interface VllmCommand {
  /** The synthesised `vllm serve --config` YAML. */
  text: string;
  segments: Segment[];
  region: OffsetRange;
}

/**
 * Short options vLLM's parser accepts for long ones, from the engine-argument table. `-O`
 * followed by anything but a level is the compilation config's old short option (until
 * 0.12.0, then remapped to `-cc`), as vLLM still reads it.
 */
const SHORT: Record<string, string> = { ...vllmShortOptions(), '-O': 'compilation-config' };
/** Ends a command inside a shell string. */
const SEPARATORS = new Set(['&&', '||', ';', '|', '&']);
/** `--config FILE` names a file we can't read from here; it is not an argument we can check. */
const SKIPPED = new Set(['config']);

/** Tokens of `command` then `args`; strings holding spaces are split like a shell would. */
export function argv(host: string, ...lists: (SourceNode | undefined)[]): Token[] {
  const out: Token[] = [];
  // The next list item is the script of `sh -c` / `bash -c`, which the shell splits.
  let script = false;
  for (const list of lists) {
    // Compose and some charts write the whole command as one string.
    const items = list?.kind === 'seq' ? (list as SeqNode).items : list?.kind === 'scalar' ? [list] : [];
    for (const item of items) {
      if (item.kind !== 'scalar') continue;
      const value = String(item.value ?? '');
      const st = scalarText(host, { ...item, value });
      // Outside a shell a list item is one argument as written: quotes and spaces in it are the
      // value's own (`'{"kv_connector": "NixlConnector"}'`). An item without quotes is still
      // split, for lists that hold a whole command line in one item.
      if (list?.kind === 'seq' && !script && (/["']/.test(value) || /^\s*[{[]/.test(value))) {
        out.push({ text: value, at: (i) => (st ? toHost(st.map, i) : undefined), range: item.range });
        continue;
      }
      const before = out.length;
      // Escapes: the words are still the command's, but only the whole item has a place.
      if (!st) for (const w of shellWords(value)) out.push({ text: w.text, at: () => undefined, range: item.range });
      for (const t of st ? shellWords(st.text) : []) {
        const shift = t.raw === t.text ? 0 : t.raw.length === t.text.length + 2 && /^["']/.test(t.raw) ? 1 : -1;
        const at = (i: number) => (shift < 0 ? undefined : toHost(st!.map, t.start + shift + i));
        const start = toHost(st!.map, t.start) ?? item.range.start;
        const end = toHost(st!.map, t.start + t.raw.length) ?? item.range.end;
        out.push({ text: t.text, at, range: { start, end } });
      }
      script = out.length > before && /^-[a-z]*c$/.test(out[out.length - 1].text) && out.slice(0, -1).some((t) => SHELL.test(t.text));
    }
  }
  return out;
}

/** Shells whose `-c` takes a script. */
const SHELL = /(^|\/)(sh|bash|zsh|dash|ash|ksh)$/;

interface Word {
  text: string;
  raw: string;
  start: number;
}

/** Whitespace-separated words with '…' and "…" quoting and `\` line continuations. */
function shellWords(s: string): Word[] {
  const out: Word[] = [];
  let i = 0;
  while (i < s.length) {
    if (/\s/.test(s[i]) || (s[i] === '\\' && /[\r\n]/.test(s[i + 1] ?? ''))) {
      i++;
      continue;
    }
    if (s[i] === '#' && (i === 0 || /\s/.test(s[i - 1]))) {
      while (i < s.length && !/[\r\n]/.test(s[i])) i++;
      continue;
    }
    const start = i;
    let text = '';
    while (i < s.length && !/\s/.test(s[i])) {
      const q = s[i];
      if (q === '"' || q === "'") {
        const close = s.indexOf(q, i + 1);
        const stop = close < 0 ? s.length : close;
        text += s.slice(i + 1, stop);
        i = stop + 1;
      } else if (q === ';' || q === '&' || q === '|') {
        if (text) break;
        const op = /^(&&|\|\||;|\||&)/.exec(s.slice(i))![0];
        text = op;
        i += op.length;
        break;
      } else {
        text += q;
        i++;
      }
    }
    out.push({ text, raw: s.slice(start, Math.min(i, s.length)), start });
  }
  return out;
}

/** Index of the first argument after `vllm serve` or `-m vllm.entrypoints.openai.api_server`, and whether a positional model is expected. */
export function findVllm(tokens: Token[]): { from: number; positional: boolean } | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i].text;
    if (/(^|\/)vllm$/.test(t) && tokens[i + 1]?.text === 'serve') return { from: i + 2, positional: true };
    if (t === 'vllm.entrypoints.openai.api_server' && tokens[i - 1]?.text === '-m') return { from: i + 1, positional: false };
  }
  return undefined;
}

/** An environment or shell reference the pod fills in at start, or KServe's `{{.Name}}`: its value is unknown here. */
const PLACEHOLDER = /\$\(|\$\{|\$[A-Za-z_]|\{\{/;

/**
 * `release` is the vLLM release the arguments are for, when known: `-O<n>` means a
 * different setting before 0.12.0 (see optimizationFlag.ts). `ownFlags` says the program
 * wraps vLLM's engine arguments with flags of its own (Dynamo's `dynamo.vllm`): a flag
 * vLLM does not know is then the wrapper's, skipped rather than reported.
 */
export function vllmCommand(tokens: Token[], from: number, positional: boolean, release?: string, opts: { ownFlags?: boolean } = {}): VllmCommand | undefined {
  const props = vllmProps();
  let text = '';
  const segments: Segment[] = [];
  let region: OffsetRange | undefined;
  const cover = (r: OffsetRange) => (region = region ? { start: Math.min(region.start, r.start), end: Math.max(region.end, r.end) } : { ...r });
  const emit = (innerText: string, host: OffsetRange | undefined) => {
    const start = text.length;
    text += innerText;
    if (host) segments.push({ inner: { start, end: text.length }, host });
  };
  const yamlScalar = (v: string) => (/^[A-Za-z0-9_./+][A-Za-z0-9_./+:=@-]*$/.test(v) && !v.endsWith(':') ? v : JSON.stringify(v));
  const exact = (t: Token, from: number, to: number): OffsetRange | undefined => {
    const s = t.at(from);
    const e = t.at(to);
    return s !== undefined && e !== undefined ? { start: s, end: e } : undefined;
  };
  const pair = (keyText: string, keyHost: OffsetRange, value: string, valueHost: OffsetRange) => {
    const key = /^[A-Za-z0-9_.-]+$/.test(keyText) ? keyText : JSON.stringify(keyText);
    emit(key, keyHost);
    text += ': ';
    emit(yamlScalar(value), valueHost);
    text += '\n';
  };

  /**
   * `-O.mode=3`, `-cc.mode 3`, `--compilation-config.cudagraph_capture_sizes+=8,16`: one
   * field of a JSON argument, written as the dotted key the config file takes. Returns the
   * index of the last token used (the value, when it is the next word).
   */
  const dottedArg = (t: Token, dot: number, eq: number, i: number): number => {
    const head = t.text.slice(0, dot);
    if (head === '-O' && !dashODottedIsCompilationConfig(release)) {
      // The whole rest of the word is the optimization level vLLM will try to read.
      pair('optimization_level', exact(t, 0, 2) ?? t.range, t.text.slice(2), exact(t, 2, t.text.length) ?? t.range);
      return i;
    }
    const long = head.startsWith('--') ? unabbreviated(props, head.slice(2)) : SHORT[head];
    if (!long) return i;
    let sub = t.text.slice(dot + 1, eq < 0 ? t.text.length : eq);
    const append = sub.endsWith('+');
    if (append) sub = sub.slice(0, -1);
    // Without `=` the next word is the value, whatever it looks like (the parser takes it unread).
    const next = eq < 0 ? tokens[i + 1] : undefined;
    if (eq < 0 && !next) return i;
    const v = next ?? t;
    const start = next ? 0 : eq + 1;
    const value = v.text.slice(start);
    if (next) cover(next.range);
    if (PLACEHOLDER.test(value)) return next ? i + 1 : i;
    const keyEnd = dot + 1 + sub.length;
    emit(`${long}.${sub}`, exact(t, head.startsWith('--') ? 2 : 0, keyEnd) ?? t.range);
    text += ': ';
    if (append) {
      // `key+=a,b` appends the comma-separated items to the list: each item on its own text.
      text += '[';
      let at = start;
      value.split(',').forEach((item, k) => {
        if (k) text += ', ';
        emit(yamlScalar(item), exact(v, at, at + item.length) ?? v.range);
        at += item.length + 1;
      });
      text += ']';
    } else emit(yamlScalar(value), exact(v, start, v.text.length) ?? v.range);
    text += '\n';
    return next ? i + 1 : i;
  };

  let sawFlag = false;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i];
    if (SEPARATORS.has(t.text)) break;
    cover(t.range);
    if (!t.text.startsWith('-') || /^-\d/.test(t.text)) {
      if (positional && !sawFlag && !PLACEHOLDER.test(t.text)) pair('model', t.range, t.text, exact(t, 0, t.text.length) ?? t.range);
      positional = false;
      continue;
    }
    sawFlag = true;
    // -O3, -O=3 and -O 3: the level, whose meaning depends on the release.
    const attached = attachedLevel(t.text);
    if (attached !== undefined || (t.text === '-O' && isLevel(tokens[i + 1]?.text))) {
      const levelToken = attached !== undefined ? t : tokens[++i];
      const level = attached ?? levelToken.text;
      const m = dashOMeaning(release, level);
      cover(levelToken.range);
      const at = levelToken.text.length - 1;
      pair(m.key, exact(t, 0, 2) ?? t.range, m.value, exact(levelToken, at, at + 1) ?? levelToken.range);
      continue;
    }
    const eq = t.text.indexOf('=');
    const dot = t.text.indexOf('.');
    if (dot > 0 && (eq < 0 || dot < eq)) {
      i = dottedArg(t, dot, eq, i);
      continue;
    }
    const short = SHORT[eq < 0 ? t.text : t.text.slice(0, eq)];
    const dashes = short ? 1 : 2;
    if (!short && !t.text.startsWith('--')) continue;
    const written = eq < 0 ? t.text.slice(dashes) : t.text.slice(dashes, eq);
    const name = short ?? unabbreviated(props, written);
    const keyHost = exact(t, dashes, dashes + written.length) ?? t.range;
    const key = short || name !== written ? name : written;
    // `vllm serve MODEL --omni` starts vLLM-Omni (vllm-project/vllm-omni docs/serving/README.md),
    // a multi-stage server with arguments of its own: not ours to check.
    if (canonical(name) === 'omni') return undefined;
    if (SKIPPED.has(canonical(name)) || (opts.ownFlags && !knownFlag(props, name))) {
      if (eq < 0 && tokens[i + 1] && !tokens[i + 1].text.startsWith('-')) i++;
      continue;
    }
    if (eq >= 0) {
      const value = t.text.slice(eq + 1);
      if (!PLACEHOLDER.test(value)) pair(key, keyHost, value, exact(t, eq + 1, t.text.length) ?? t.range);
      continue;
    }
    const next = tokens[i + 1];
    const takesValue = !isBoolean(props, name) && next && !SEPARATORS.has(next.text) && (!next.text.startsWith('-') || /^-\d/.test(next.text));
    if (!takesValue) {
      pair(key, keyHost, 'true', keyHost);
      continue;
    }
    i++;
    cover(next.range);
    if (!PLACEHOLDER.test(next.text)) pair(key, keyHost, next.text, exact(next, 0, next.text.length) ?? next.range);
    // Further words before the next flag are more values of a list argument (--served-model-name a b).
    while (tokens[i + 1] && !tokens[i + 1].text.startsWith('-') && !SEPARATORS.has(tokens[i + 1].text)) cover(tokens[++i].range);
  }
  // Every argument a placeholder: still vLLM's command line, with nothing we can read.
  return region ? { text: text || '{}\n', segments, region } : undefined;
}

let cached: Record<string, JsonSchema> | undefined;
function vllmProps(): Record<string, JsonSchema> {
  if (!cached) {
    try {
      cached = (loadSchema('vllm').properties ?? {}) as Record<string, JsonSchema>;
    } catch {
      cached = {};
    }
  }
  return cached;
}

let options: string[] | undefined;
/**
 * The option a flag abbreviates. vLLM's parser is Python's argparse with abbreviations
 * allowed (FlexibleArgumentParser keeps `allow_abbrev`), after it turns `_` into `-`, so
 * `--max-num-seq 1024` is `--max-num-seqs` when no other option starts that way. An
 * ambiguous or unknown prefix stays as written and is reported as unknown.
 */
function unabbreviated(props: Record<string, JsonSchema>, written: string): string {
  const key = canonical(written);
  if (key.includes('.') || props[key] || (key.startsWith('no_') && props[key.slice(3)])) return written;
  options ??= Object.entries(props).flatMap(([k, v]) => [k, ...(v['x-negatable'] ? [`no_${k}`] : [])]).map((k) => k.replace(/_/g, '-'));
  const dashed = key.replace(/_/g, '-');
  const hits = options.filter((o) => o.startsWith(dashed));
  return hits.length === 1 ? hits[0] : written;
}

function knownFlag(props: Record<string, JsonSchema>, name: string): boolean {
  const key = canonical(name);
  return key.includes('.') || !!props[key] || (key.startsWith('no_') && !!props[key.slice(3)]);
}

/** A flag that takes no value on the command line (`--enforce-eager`, `--no-enable-prefix-caching`). */
function isBoolean(props: Record<string, JsonSchema>, name: string): boolean {
  const key = canonical(name);
  const base = props[key] ?? (key.startsWith('no_') ? props[key.slice(3)] : undefined);
  const type = base?.type;
  return type === 'boolean' || (Array.isArray(type) && type.length === 1 && type[0] === 'boolean');
}
