/** docker.cuda_version on a distro BentoML has no CUDA images for (alpine, amazonlinux). */
import { defineRule } from '../../../rules/rule';
import { replaceScalar } from '../../../editing/edits';
import { bentofile, CUDA_DISTROS, noCuda, rangeAt, scalarAt } from './bentofile';

export const cudaUnsupportedDistro = defineRule({
  id: 'bentoml/cuda-unsupported-distro',
  appliesTo: { schemas: ['bentofile'] },
  severity: 'error',
  title: 'cuda_version on a distro without CUDA images',
  fix: 'unsafe',
  sources: ['BentoML `src/bentoml/_internal/bento/build_config.py` `BentoBuildConfig.__attrs_post_init__` (`spec.supported_cuda_versions is None`) (@32230a52, v1.4.38+5). Confirmed by BentoML\'s test fixture `bentobuildconfig_invalid6.yaml`'],
  check(ctx) {
    const a = ctx.analysis;
    const b = bentofile(a);
    if (!b) return;
    const distro = b.docker.distro;
    const cuda = b.docker.cuda_version;
    // DockerOptions checks this even when a base_image makes the distro otherwise moot.
    if (typeof distro !== 'string' || CUDA_DISTROS.includes(distro) || noCuda(cuda)) return;
    ctx.report({
      message: `Distro "${distro}" does not support CUDA. Distros that support CUDA are: ['ubi8', 'debian']. docker.cuda_version is ${String(cuda)}, so \`bentoml build\` fails; use distro debian or ubi8, or drop cuda_version.`,
      range: rangeAt(a, ['docker', 'distro']),
      related: [{ range: rangeAt(a, ['docker', 'cuda_version']), message: 'cuda_version that needs a CUDA-capable distro' }],
      data: { distro },
    });
  },
  fixes(finding, a) {
    const node = scalarAt(a, ['docker', 'distro']);
    if (!node) return [];
    return [{ title: 'Set docker.distro to debian', edits: [replaceScalar(a.text, node, 'debian')] }];
  },
});
