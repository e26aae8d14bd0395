/** A known backend paired with a platform of another backend (or a misspelt platform). */
import { defineRule } from '../../../rules/rule';
import { replaceScalar } from '../../../editing/edits';
import { own } from '../../../own';
import { configOf, nodeAt, PLATFORM_OF_BACKEND, rangeAt, resolvePlatform } from './model-config';

function backendOf(platform: string): string | undefined {
  return Object.keys(PLATFORM_OF_BACKEND).find((b) => PLATFORM_OF_BACKEND[b].includes(platform));
}

export const platformBackendMismatch = defineRule({
  id: 'triton/platform-backend-mismatch',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'platform and backend that do not belong together',
  fix: 'unsafe',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateModelConfig`, `GetBackendType`, `GetBackendTypeFromPlatform` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    const r = resolvePlatform(cfg);
    if (!r || !r.backend || r.platform === 'ensemble') return;
    const allowed = own(PLATFORM_OF_BACKEND, r.backend);
    if (!allowed || allowed.includes(r.platform)) return;
    const given = typeof cfg.platform === 'string';
    ctx.report({
      message: `platform "${r.platform}" does not belong to backend "${r.backend}" (expected ${allowed.map((p) => `"${p}"`).join(' or ')}); Triton rejects the config ("unexpected 'platform' and 'backend' pair, got:${r.platform}, ${r.backend}").`,
      range: given ? rangeAt(ctx.analysis, ['platform']) : rangeAt(ctx.analysis, ['backend']),
      data: given ? { platform: allowed[0], single: allowed.length === 1 || r.backend === 'pytorch', backendOfPlatform: backendOf(r.platform) } : undefined,
    });
  },
  fixes(finding, a) {
    const d = finding.data ?? {};
    const platformNode = nodeAt(a, ['platform']).node;
    const backendNode = nodeAt(a, ['backend']).node;
    if (typeof d.platform !== 'string' || !platformNode) return [];
    const setPlatform = { title: `Set platform to "${d.platform}" (keeps backend)`, edits: [replaceScalar(a.text, platformNode, d.platform)] };
    // A misspelt platform has one repair; two real but different backends are the user's call.
    if (typeof d.backendOfPlatform !== 'string') return d.single ? [{ ...setPlatform }] : [];
    const fixes = d.single ? [setPlatform] : [];
    if (backendNode) fixes.push({ title: `Set backend to "${d.backendOfPlatform}" (keeps platform)`, edits: [replaceScalar(a.text, backendNode, d.backendOfPlatform)] });
    return fixes;
  },
});
