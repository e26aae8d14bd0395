/** conda options together with docker.cuda_version: BentoML can't combine them. */
import { defineRule } from '../../../rules/rule';
import { bentofile, keyRangeAt, noCuda, rangeAt, usesConda } from './bentofile';

export const condaWithCuda = defineRule({
  id: 'bentoml/conda-with-cuda',
  appliesTo: { schemas: ['bentofile'] },
  severity: 'warning',
  title: 'conda and cuda_version together',
  fix: 'none',
  sources: ['BentoML `src/bentoml/_internal/bento/build_config.py` `BentoBuildConfig.__attrs_post_init__` (@32230a52, v1.4.38+5)'],
  check(ctx) {
    const a = ctx.analysis;
    const b = bentofile(a);
    if (!b || noCuda(b.docker.cuda_version) || !usesConda(b.conda)) return;
    ctx.report({
      message:
        'BentoML does not support using both conda dependencies and setting a CUDA version for GPU. If you need both conda and CUDA, use a custom base image or create a dockerfile_template. ' +
        '(Current releases warn and build without a working conda; some 1.x releases refused the build.)',
      range: rangeAt(a, ['docker', 'cuda_version']),
      related: [{ range: keyRangeAt(a, ['conda']), message: 'conda options' }],
    });
  },
});
