/** python_version with a patch level: BentoML installs the latest patch of that minor. */
import type { Rule } from '../../../rules/rule';
import { replaceScalar } from '../../../editing/edits';
import { bentofile, scalarAt } from './bentofile';

export const pythonVersionPatchIgnored: Rule = {
  id: 'bentoml/python-version-patch-ignored',
  appliesTo: { schemas: ['bentofile'] },
  defaultSeverity: 'information',
  title: 'python_version patch level is ignored',
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
  fix(finding, a) {
    const minor = finding.data?.minor;
    const node = scalarAt(a, ['docker', 'python_version']);
    if (typeof minor !== 'string' || !node) return [];
    return [{ title: `Set python_version to "${minor}"`, edits: [replaceScalar(a.text, node, minor)], preferred: true }];
  },
};
