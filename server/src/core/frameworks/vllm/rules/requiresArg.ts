/**
 * The shape of vLLM's "A requires B" start-up checks: an argument that is on needs
 * another argument (or a size) the same argument set lacks, and vLLM refuses to start.
 * One loop over every argument set (the file, each Ray Serve `engine_kwargs`) and one
 * fix, so each such rule file is its facts only.
 */
import { defineRule, type Fix, type Rule } from '../../../rules/rule';
import type { Severity } from '../../../types';
import { argNodes, argRange, argSets, removeArgFix, setArg, setOf } from './args';

type Args = Record<string, unknown>;

export interface RequiresArgSpec {
  id: string;
  appliesTo: Rule['appliesTo'];
  title: string;
  sources: readonly string[];
  /** Default `error`: vLLM refuses the configuration. */
  severity?: Severity;
  /** The argument that needs another; with several, the first that is on is flagged. */
  when: string | readonly string[];
  /** Whether the argument's value turns it on; by default a written `true`. */
  isOn?: (value: unknown) => boolean;
  /** Whether the set already has what `when` needs. */
  requires: (args: Args) => boolean;
  message: string | ((args: Args) => string);
  /** Flag the argument's key (default) or its value (when the value is what needs the other). */
  at?: 'key' | 'value';
  /**
   * The quick-fix: set the required argument to this value, or remove `when`. Either
   * changes what runs (turns a feature on, or drops the one that needed it), so the fix
   * kind is `unsafe`; without it the rule offers none.
   */
  fixValue?: { arg: string; value: string | number | boolean } | 'remove';
}

const isTrue = (v: unknown) => v === true;

export function requiresArg(spec: RequiresArgSpec): Rule {
  const whens = typeof spec.when === 'string' ? [spec.when] : spec.when;
  const isOn = spec.isOn ?? isTrue;
  const fixValue = spec.fixValue;
  const meta = { id: spec.id, appliesTo: spec.appliesTo, severity: spec.severity ?? 'error', title: spec.title, sources: spec.sources };
  const check: Rule['check'] = (ctx) => {
    const a = ctx.analysis;
    for (const set of argSets(a)) {
      const on = whens.find((k) => isOn(set.args[k]));
      if (on === undefined || spec.requires(set.args)) continue;
      ctx.report({
        message: typeof spec.message === 'string' ? spec.message : spec.message(set.args),
        range: spec.at === 'value' ? argRange(a, set, on) : (argNodes(a, set, on).key?.range ?? argRange(a, set, on)),
        ...(fixValue && { data: { path: set.path } }),
      });
    }
  };
  if (!fixValue) return defineRule({ ...meta, fix: 'none', check });
  return defineRule({
    ...meta,
    fix: 'unsafe',
    check,
    fixes(finding, a): Fix[] {
      const set = setOf(a, finding.data);
      if (!set) return [];
      if (fixValue === 'remove') {
        const on = whens.find((k) => isOn(set.args[k]));
        return on === undefined ? [] : removeArgFix(a, finding.data, on);
      }
      const e = setArg(a, set, fixValue.arg, fixValue.value);
      return e ? [{ title: `Set ${fixValue.arg}: ${String(fixValue.value)}`, edits: [e] }] : [];
    },
  });
}
