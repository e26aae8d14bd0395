/**
 * A pod container that runs `tritonserver`, and its arguments read the way tritonserver's
 * parser reads them (triton-inference-server/server `src/command_line_parser.cc`, commit
 * e1db8a60): GNU `getopt_long` over long options only — `--name=value` or `--name value`
 * for an option that takes an argument (the next word is taken even when it starts with
 * `-`), an unambiguous prefix of a name is that option, and a word that is no option is
 * "Unexpected argument". Each value is checked as `TritonParser::Parse` converts it.
 */
import type { SourceNode } from '../types';
import { asSeq, field, str } from './nodes';
import { argv, type Token } from './vllmCommand';
import { expandEnvRefs } from './envRefs';
import { workloadPods } from './manifest';
import { TRITON_OPTIONS, type TritonArg } from './tritonOptions';

export interface TritonArgument {
  /** The option's full name, when the word names exactly one. */
  name?: string;
  flag: Token;
  value?: Token;
  /** Why tritonserver stops on this word, in its own terms. */
  problem?: string;
}

export interface TritonContainer {
  label: string;
  container: SourceNode;
  args: TritonArgument[];
}

const NAMES = Object.keys(TRITON_OPTIONS);
/** A value the pod fills in at start. */
const PLACEHOLDER = /\$\(|\$\{|\$[A-Za-z_]/;
const SEPARATORS = new Set(['&&', '||', ';', '|', '&']);

/** Values of options whose argument is one of a few words (the parser's own comparisons). */
const CHOICES: Record<string, { values: string[]; caseless: boolean }> = {
  'model-control-mode': { values: ['none', 'poll', 'explicit'], caseless: true },
  'rate-limit': { values: ['execution_count', 'off'], caseless: true },
  'log-format': { values: ['default', 'ISO8601'], caseless: false },
};

export function tritonContainers(host: string, root: SourceNode | null): TritonContainer[] {
  const w = workloadPods(root);
  if (!w) return [];
  const out: TritonContainer[] = [];
  for (const pod of w.pods) {
    for (const c of asSeq(field(pod, 'containers'))?.items ?? []) {
      const tokens = expandEnvRefs(host, c, argv(host, field(c, 'command'), field(c, 'args')));
      const at = tokens.findIndex((t) => /(^|\/)tritonserver$/.test(t.text));
      if (at < 0) continue;
      out.push({ label: `${w.title}: container ${str(c, 'name') ?? '(unnamed)'}`, container: c, args: readArgs(tokens, at + 1) });
    }
  }
  return out;
}

function resolve(written: string): { name?: string; problem?: string } {
  if (TRITON_OPTIONS[written]) return { name: written };
  const hits = NAMES.filter((n) => n.startsWith(written));
  if (hits.length === 1) return { name: hits[0] };
  if (hits.length > 1) return { problem: `"--${written}" is ambiguous (${hits.slice(0, 4).map((h) => `--${h}`).join(', ')}${hits.length > 4 ? ', …' : ''})` };
  return { problem: `tritonserver has no option "--${written}"` };
}

function valueProblem(name: string, kind: TritonArg, v: string): string | undefined {
  if (PLACEHOLDER.test(v)) return undefined;
  const choice = CHOICES[name];
  if (choice) {
    const ok = choice.caseless ? choice.values.includes(v.toLowerCase()) : choice.values.includes(v);
    return ok ? undefined : `invalid argument for --${name}: "${v}" (one of ${choice.values.join(', ')})`;
  }
  // --log-verbose takes true/false or a level (ParseIntBoolOption).
  if (name === 'log-verbose') return /^(true|false)$/i.test(v) || /^\s*[+-]?\d/.test(v) ? undefined : `invalid value for --log-verbose: "${v}" (true, false or a level)`;
  if (kind === 'bool') return /^(true|on|1|false|off|0)$/i.test(v) ? undefined : `invalid value for bool option --${name}: "${v}" (true/false, on/off or 1/0)`;
  // std::stoi / std::stod: leading blanks, a sign, then a number.
  if (kind === 'int') return /^\s*[+-]?\d/.test(v) ? undefined : `--${name} takes an integer, not "${v}"`;
  if (kind === 'float') return /^\s*[+-]?(\d|\.\d|inf|nan)/i.test(v) ? undefined : `--${name} takes a number, not "${v}"`;
  return undefined;
}

function readArgs(tokens: Token[], from: number): TritonArgument[] {
  const out: TritonArgument[] = [];
  let options = true;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i];
    if (SEPARATORS.has(t.text)) break;
    if (PLACEHOLDER.test(t.text) && !t.text.startsWith('--')) continue;
    if (options && t.text === '--') {
      options = false;
      continue;
    }
    if (!options || !t.text.startsWith('--')) {
      out.push({ flag: t, problem: `Unexpected argument: ${t.text} (tritonserver takes only --options)` });
      continue;
    }
    const eq = t.text.indexOf('=');
    const written = eq < 0 ? t.text.slice(2) : t.text.slice(2, eq);
    const { name, problem } = resolve(written);
    if (!name) {
      out.push({ flag: t, problem });
      continue;
    }
    const kind = TRITON_OPTIONS[name];
    if (kind === 'none') {
      out.push({ name, flag: t, problem: eq >= 0 ? `--${name} takes no value` : undefined });
      continue;
    }
    let value: Token | undefined;
    let text: string;
    if (eq >= 0) {
      text = t.text.slice(eq + 1);
      const start = t.at(eq + 1);
      const end = t.at(t.text.length);
      value = start !== undefined && end !== undefined ? { text, at: (k) => t.at(eq + 1 + k), range: { start, end } } : t;
    } else if (tokens[i + 1] && !SEPARATORS.has(tokens[i + 1].text)) {
      value = tokens[++i];
      text = value.text;
    } else {
      out.push({ name, flag: t, problem: `--${name} requires an argument` });
      continue;
    }
    out.push({ name, flag: t, value, problem: valueProblem(name, kind, text) });
  }
  return out;
}
