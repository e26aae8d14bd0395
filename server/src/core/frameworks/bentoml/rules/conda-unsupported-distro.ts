/** conda options with a distro whose BentoML image has no conda (amazonlinux, ubi8). */
import { defineRule } from '../../../rules/rule';
import { replaceScalar } from '../../../editing/edits';
import { bentofile, CONDA_DISTROS, keyRangeAt, rangeAt, scalarAt, usesConda } from './bentofile';

export const condaUnsupportedDistro = defineRule({
  id: 'bentoml/conda-unsupported-distro',
  appliesTo: { schemas: ['bentofile'] },
  severity: 'error',
  title: 'conda options on a distro without conda support',
  fix: 'unsafe',
  sources: ['BentoML `src/bentoml/_internal/bento/build_config.py` `BentoBuildConfig.__attrs_post_init__`; supported distros from `get_supported_spec(\'miniconda\')` (bentoml/BentoML @32230a52, v1.4.38+5). Confirmed by BentoML\'s test fixtures `bentobuildconfig_invalid1/3.yaml`'],
  check(ctx) {
    const a = ctx.analysis;
    const b = bentofile(a);
    if (!b) return;
    const distro = b.docker.distro;
    // Without a distro BentoML skips the check (and builds on debian). The check runs even
    // next to a base_image, which makes BentoML ignore the distro otherwise.
    if (typeof distro !== 'string' || CONDA_DISTROS.includes(distro)) return;
    if (!usesConda(b.conda)) return;
    ctx.report({
      message: `${distro} does not supports conda. BentoML will only support conda with the following distros: ['debian', 'alpine']. \`bentoml build\` fails; use distro debian (or alpine), or move the packages to python.packages.`,
      range: rangeAt(a, ['docker', 'distro']),
      related: [{ range: keyRangeAt(a, ['conda']), message: 'conda options that need a conda-capable distro' }],
      data: { distro },
    });
  },
  fixes(finding, a) {
    const node = scalarAt(a, ['docker', 'distro']);
    if (!node) return [];
    return [{ title: 'Set docker.distro to debian', edits: [replaceScalar(a.text, node, 'debian')] }];
  },
});
