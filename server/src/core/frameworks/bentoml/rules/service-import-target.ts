/**
 * bentofile `service`: the import target BentoML splits at the first colon into a module
 * (name or .py path) and an optional dotted attribute (service/loader.py _do_import).
 * Only the forms that fail whatever is on disk are judged.
 */
import { defineRule } from '../../../rules/rule';
import { bentofile, scalarAt } from './bentofile';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why BentoML cannot import this target, or undefined when it may. */
export function importTargetProblem(target: string): string | undefined {
  const [module, , attrs] = ((): [string, string, string] => {
    const i = target.indexOf(':');
    return i < 0 ? [target, '', ''] : [target.slice(0, i), ':', target.slice(i + 1)];
  })();
  if (!module) return `Invalid import target "${target}", must format as "<module>:<attribute>" or "<module>: the module before the colon is empty.`;
  // A path is imported by file; anything else is a module name that cannot contain a path separator.
  if (/[\\/]/.test(module) && !module.endsWith('.py'))
    return `"${module}" is a path but not a .py file: BentoML imports a path only as a Python file ("the only extension acceptable here is \\".py\\"") and cannot import it as a module name. Point at the .py file, or use the dotted module name.`;
  if (attrs) {
    const bad = attrs.split('.').find((s) => !IDENT.test(s));
    if (bad !== undefined)
      return `Attribute "${attrs}" not found in module "${module}": BentoML looks up each dot-separated part with getattr, and ${bad === '' ? 'an empty part' : `"${bad}"`} is not a Python name.${attrs.includes(':') ? ' Only the first colon separates module and attribute.' : ''}`;
  }
  return undefined;
}

export const serviceImportTarget = defineRule({
  id: 'bentoml/service-import-target',
  appliesTo: { schemas: ['bentofile'] },
  severity: 'error',
  title: 'service is not an import target BentoML can load',
  fix: 'none',
  sources: ['bentoml/BentoML `src/bentoml/_internal/service/loader.py` `_do_import` (@32230a52, v1.4.38+5)'],
  check(ctx) {
    const a = ctx.analysis;
    const bf = bentofile(a);
    if (!bf || typeof bf.root.service !== 'string' || bf.root.service === '') return;
    const node = scalarAt(a, ['service']);
    const problem = importTargetProblem(bf.root.service);
    if (!node || !problem) return;
    ctx.report({ message: `${problem} \`bentoml build\` and \`bentoml serve\` fail to import the service.`, range: node.range });
  },
});
