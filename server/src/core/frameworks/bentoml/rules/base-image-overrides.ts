/** docker options that a custom base_image makes BentoML ignore. */
import { defineRule } from '../../../rules/rule';
import { bentofile, deletePair, keyRangeAt, noCuda, rangeAt } from './bentofile';
import { locate } from '../../../schema/value';

const IGNORED = ['distro', 'python_version', 'cuda_version', 'system_packages'] as const;

export const baseImageOverrides = defineRule({
  id: 'bentoml/base-image-overrides',
  appliesTo: { schemas: ['bentofile'] },
  severity: 'warning',
  title: 'docker option ignored because base_image is set',
  fix: 'safe',
  sources: ['BentoML `src/bentoml/_internal/bento/build_config.py` `DockerOptions.__attrs_post_init__` (bentoml/BentoML @32230a52, v1.4.38+5)'],
  check(ctx) {
    const a = ctx.analysis;
    const b = bentofile(a);
    if (!b || typeof b.docker.base_image !== 'string' || b.docker.base_image === '') return;
    for (const key of IGNORED) {
      const v = b.docker[key];
      if (key === 'cuda_version' ? noCuda(v) : key === 'system_packages' ? !(Array.isArray(v) && v.length > 0) : v === undefined || v === null) continue;
      const shown = key === 'python_version' ? 'python' : key;
      const extra =
        key === 'distro' || key === 'cuda_version' ? ' (BentoML still checks it against the distro lists, so it can fail the build while having no effect)' : '';
      ctx.report({
        message: `docker base_image ${b.docker.base_image} is used, '${shown}=${Array.isArray(v) ? JSON.stringify(v) : String(v)}' option is ignored${extra}. Install what you need in the base image or a setup_script, and remove ${key}.`,
        range: keyRangeAt(a, ['docker', key]),
        tags: ['unnecessary'],
        related: [{ range: rangeAt(a, ['docker', 'base_image']), message: 'base_image' }],
        data: { key },
      });
    }
  },
  fixes(finding, a) {
    const key = finding.data?.key;
    if (typeof key !== 'string' || !a.value) return [];
    const l = locate(a.root, a.value, ['docker', key]);
    if (!l.key) return [];
    const end = l.node ? l.node.range.end : l.key.range.end;
    return [{ title: `Remove ${key} (ignored with base_image)`, edits: [deletePair(a.text, { start: l.key.range.start, end })] }];
  },
});
