/** A known backend paired with a platform of another backend (or a misspelt platform). */
import type { Rule } from '../../../rules/rule';
import { replaceScalar } from '../../../editing/edits';
import { configOf, nodeAt, PLATFORM_OF_BACKEND, rangeAt, resolvePlatform } from './model-config';

export const platformBackendMismatch: Rule = {
  id: 'triton/platform-backend-mismatch',
  appliesTo: { formats: ['triton'] },
  defaultSeverity: 'error',
  title: 'platform and backend that do not belong together',
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    const r = resolvePlatform(cfg);
    if (!r || !r.backend || r.platform === 'ensemble') return;
    const allowed = PLATFORM_OF_BACKEND[r.backend];
    if (!allowed || allowed.includes(r.platform)) return;
    const given = typeof cfg.platform === 'string';
    ctx.report({
      message: `platform "${r.platform}" does not belong to backend "${r.backend}" (expected ${allowed.map((p) => `"${p}"`).join(' or ')}); Triton rejects the config ("unexpected 'platform' and 'backend' pair, got:${r.platform}, ${r.backend}").`,
      range: given ? rangeAt(ctx.analysis, ['platform']) : rangeAt(ctx.analysis, ['backend']),
      data: given ? { platform: allowed[0], single: allowed.length === 1 || r.backend === 'pytorch' } : undefined,
    });
  },
  fix(finding, a) {
    const p = finding.data?.platform;
    const node = nodeAt(a, ['platform']).node;
    if (typeof p !== 'string' || !node || !finding.data?.single) return [];
    return [{ title: `Set platform to "${p}"`, edits: [replaceScalar(a.text, node, p)], preferred: true }];
  },
};
