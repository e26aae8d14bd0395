/** pip packages given both as a `pip:` entry of conda.dependencies and as conda.pip. */
import { defineRule } from '../../../rules/rule';
import { bentofile, isObj, keyRangeAt } from './bentofile';

export const condaPipDuplicated = defineRule({
  id: 'bentoml/conda-pip-duplicated',
  appliesTo: { schemas: ['bentofile'] },
  severity: 'error',
  title: 'conda pip packages listed in two places',
  fix: 'none',
  sources: ['BentoML `src/bentoml/_internal/bento/build_config.py` `CondaOptions.write_to_bento` (@32230a52, v1.4.38+5)'],
  check(ctx) {
    const a = ctx.analysis;
    const conda = bentofile(a)?.conda;
    if (!conda || !Array.isArray(conda.dependencies) || !Array.isArray(conda.pip) || conda.pip.length === 0) return;
    const i = conda.dependencies.findIndex((d) => isObj(d) && Array.isArray(d.pip));
    if (i < 0) return;
    ctx.report({
      message: `Cannot not have both 'conda.dependencies.pip' and 'conda.pip'. \`bentoml build\` stops when it writes the conda environment; keep the pip packages in one place (conda.pip).`,
      range: keyRangeAt(a, ['conda', 'pip']),
      related: [{ range: keyRangeAt(a, ['conda', 'dependencies', String(i), 'pip']), message: 'pip list inside conda.dependencies' }],
    });
  },
});
