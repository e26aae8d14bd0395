/** python.requirements_txt and python.packages together: the packages are ignored. */
import { defineRule } from '../../../rules/rule';
import { bentofile, isObj, keyRangeAt } from './bentofile';

export const pythonRequirementsAndPackages = defineRule({
  id: 'bentoml/python-requirements-and-packages',
  appliesTo: { schemas: ['bentofile'] },
  severity: 'warning',
  title: 'python.packages ignored because requirements_txt is set',
  fix: 'none',
  sources: ['BentoML `src/bentoml/_internal/bento/build_config.py` `PythonOptions.__attrs_post_init__` (@32230a52, v1.4.38+5)'],
  check(ctx) {
    const a = ctx.analysis;
    const b = bentofile(a);
    const py = b && isObj(b.root.python) ? b.root.python : undefined;
    if (!py) return;
    if (typeof py.requirements_txt === 'string' && py.requirements_txt !== '' && Array.isArray(py.packages) && py.packages.length > 0) {
      ctx.report({
        message: `Build option python: 'requirements_txt=${py.requirements_txt}' found, will ignore the option: 'packages'. Move the ${py.packages.length} package(s) into ${py.requirements_txt} or drop requirements_txt.`,
        range: keyRangeAt(a, ['python', 'packages']),
        tags: ['unnecessary'],
        related: [{ range: keyRangeAt(a, ['python', 'requirements_txt']), message: 'requirements_txt' }],
      });
    }
    if (py.no_index === true) {
      for (const key of ['index_url', 'extra_index_url']) {
        const v = py[key];
        if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
        ctx.report({
          message: `Build option python: 'no_index=True' found, will ignore 'index_url' and 'extra_index_url' option when installing PyPI packages.`,
          range: keyRangeAt(a, ['python', key]),
          tags: ['unnecessary'],
          related: [{ range: keyRangeAt(a, ['python', 'no_index']), message: 'no_index' }],
        });
      }
    }
  },
});
