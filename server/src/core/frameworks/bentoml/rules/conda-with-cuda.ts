/** conda options together with docker.cuda_version: BentoML can't combine them. */
import type { Rule } from '../../../rules/rule';
import { bentofile, keyRangeAt, noCuda, rangeAt, usesConda } from './bentofile';

export const condaWithCuda: Rule = {
  id: 'bentoml/conda-with-cuda',
  appliesTo: { schemas: ['bentofile'] },
  defaultSeverity: 'warning',
  title: 'conda and cuda_version together',
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
};
