/**
 * docker.python_version that the distro's BentoML base images don't ship. The lists
 * are those of current BentoML (v1.4): amazonlinux 3.8 only, the others 3.9–3.14.
 * Releases before 1.2 also shipped 3.7/3.8 on debian, ubi8 and alpine, so those are
 * warnings; anything else is refused by every release.
 */
import { own } from '../../../own';
import { defineRule } from '../../../rules/rule';
import { bentofile, rangeAt, scalarAt, usesConda } from './bentofile';

const CURRENT: Record<string, string[]> = {
  amazonlinux: ['3.8'],
  debian: ['3.9', '3.10', '3.11', '3.12', '3.13', '3.14'],
  ubi8: ['3.9', '3.10', '3.11', '3.12', '3.13', '3.14'],
  alpine: ['3.9', '3.10', '3.11', '3.12', '3.13', '3.14'],
};
/** Accepted by older BentoML releases for the distro. */
const OLDER: Record<string, string[]> = { amazonlinux: ['3.7'], debian: ['3.7', '3.8'], ubi8: ['3.8'], alpine: ['3.7', '3.8'] };

export const pythonVersionUnsupportedForDistro = defineRule({
  id: 'bentoml/python-version-unsupported-for-distro',
  appliesTo: { schemas: ['bentofile'] },
  severity: 'error',
  title: 'python_version not available for the distro',
  fix: 'none',
  sources: ['BentoML `src/bentoml/_internal/bento/build_config.py` `BentoBuildConfig.__attrs_post_init__`; `src/bentoml/_internal/container/frontend/dockerfile/__init__.py` `CONTAINER_METADATA` (@32230a52, v1.4.38+5)'],
  check(ctx) {
    const a = ctx.analysis;
    const b = bentofile(a);
    if (!b) return;
    const distro = b.docker.distro;
    // BentoML only checks when a distro is written (even next to a base_image).
    if (typeof distro !== 'string') return;
    const ok = own(CURRENT, distro);
    if (!ok) return;
    const node = scalarAt(a, ['docker', 'python_version']);
    if (!node || node.value === null) return;
    // A float that YAML rewrote (3.10 → 3.1) is python-version-unquoted-float's finding.
    if (typeof node.value === 'number' && String(node.value) !== node.source.trim()) return;
    const m = /^(\d)\.(\d{1,2})(?:\.\w+)?$/.exec(String(node.value));
    if (!m) return;
    const v = `${m[1]}.${m[2]}`;
    // With conda, the Python version comes from the conda spec; leave that case alone.
    if (usesConda(b.conda)) return;
    if (ok.includes(v)) return;
    const older = own(OLDER, distro)?.includes(v) ?? false;
    ctx.report({
      message:
        `${v} is not supported for ${distro}. Supported python versions are: ${ok.join(', ')}.` +
        (older ? ` (Older BentoML releases still built ${v} on ${distro}; current ones refuse it.)` : '') +
        (distro === 'amazonlinux' && v !== '3.8' ? ' Use distro debian for newer Python versions.' : ''),
      range: rangeAt(a, ['docker', 'python_version']),
      severity: older ? 'warning' : 'error',
      related: [{ range: rangeAt(a, ['docker', 'distro']), message: `distro ${distro}` }],
    });
  },
});
