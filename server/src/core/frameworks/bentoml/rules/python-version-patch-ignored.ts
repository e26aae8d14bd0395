/** python_version with a patch level: BentoML installs the latest patch of that minor. */
import { defineRule } from '../../../rules/rule';
import { replaceScalar } from '../../../editing/edits';
import { bentofile, scalarAt } from './bentofile';

export const pythonVersionPatchIgnored = defineRule({
  id: 'bentoml/python-version-patch-ignored',
  appliesTo: { schemas: ['bentofile'] },
  severity: 'information',
  title: 'python_version patch level is ignored',
  fix: 'safe',
  sources: ['BentoML `src/bentoml/_internal/bento/build_config.py` `_convert_python_version` (@32230a52, v1.4.38+5)'],
  check(ctx) {
    const a = ctx.analysis;
    const b = bentofile(a);
    if (!b || b.docker.base_image) return;
    const node = scalarAt(a, ['docker', 'python_version']);
    if (!node || typeof node.value !== 'string') return;
    const m = /^(\d)\.(\d{1,2})\.(\w+)$/.exec(node.value);
    if (!m) return;
    const minor = `${m[1]}.${m[2]}`;
    ctx.report({
      message: `BentoML will install the latest 'python${minor}' instead of the specified 'python${node.value}'. To use the exact python version, use a custom docker base image.`,
      range: node.range,
      data: { minor },
    });
  },
  fixes(finding, a) {
    const minor = finding.data?.minor;
    const node = scalarAt(a, ['docker', 'python_version']);
    if (typeof minor !== 'string' || !node) return [];
    return [{ title: `Set python_version to "${minor}"`, edits: [replaceScalar(a.text, node, minor)] }];
  },
});
