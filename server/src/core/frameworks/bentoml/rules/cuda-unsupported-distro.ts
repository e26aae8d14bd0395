/** docker.cuda_version on a distro BentoML has no CUDA images for (alpine, amazonlinux). */
import type { Rule } from '../../../rules/rule';
import { replaceScalar } from '../../../editing/edits';
import { bentofile, CUDA_DISTROS, rangeAt, scalarAt } from './bentofile';

export const cudaUnsupportedDistro: Rule = {
  id: 'bentoml/cuda-unsupported-distro',
  appliesTo: { schemas: ['bentofile'] },
  defaultSeverity: 'error',
  title: 'cuda_version on a distro without CUDA images',
  check(ctx) {
    const a = ctx.analysis;
    const b = bentofile(a);
    if (!b) return;
    const distro = b.docker.distro;
    const cuda = b.docker.cuda_version;
    if (typeof distro !== 'string' || CUDA_DISTROS.includes(distro) || b.docker.base_image) return;
    // BentoML treats null, "" and "None" as no CUDA.
    if (cuda === undefined || cuda === null || cuda === '' || cuda === 'None') return;
    ctx.report({
      message: `${distro} does not support CUDA, while 'docker.cuda_version=${String(cuda)}' is provided. Distros with CUDA images are debian and ubi8; \`bentoml build\` fails.`,
      range: rangeAt(a, ['docker', 'distro']),
      related: [{ range: rangeAt(a, ['docker', 'cuda_version']), message: 'cuda_version that needs a CUDA-capable distro' }],
      data: { distro },
    });
  },
  fix(finding, a) {
    const node = scalarAt(a, ['docker', 'distro']);
    if (!node) return [];
    return [{ title: 'Set docker.distro to debian', edits: [replaceScalar(a.text, node, 'debian')], preferred: true }];
  },
};
