/**
 * `--compilation-config 3` (or `compilation_config: 3` in a config file, which vLLM turns
 * into that argument): a bare compilation level. Releases up to 0.9.x read it as the
 * level (CompilationConfig.from_cli); from 0.10.0 the value must be JSON, and a bare
 * number fails validation before anything loads. `-O3` is not this form: the parser
 * itself rewrites it, in every release (see engineArgs/optimizationFlag.ts).
 */
import { defineRule } from '../../../rules/rule';
import { runningVersion } from '../../../rules/schema/annotations';
import { compareVersions } from '../../../version';
import { BARE_LEVEL_REMOVED_IN, OPTIMIZATION_LEVEL_RELEASE } from '../../../engineArgs/optimizationFlag';
import { canonicalKey, topPairs } from './serve-flags';

export const compilationConfigBareLevel = defineRule({
  id: 'vllm/compilation-config-bare-level',
  appliesTo: { formats: ['vllm'] },
  severity: 'warning',
  title: 'A bare level in --compilation-config, which vLLM 0.10.0 and later reject',
  fix: 'none',
  sources: ['vllm-project/vllm: PR #10437 (`-O` and `CompilationConfig.from_cli`), PR #20156 (`-O<n>` → `-O.level=<n>` in `FlexibleArgumentParser.parse_args`), PR #26847 and `docs/design/optimization_levels.md` (0.12.0), PR #29557 (`-cc`); the JSON-only dataclass parser in `vllm/engine/arg_utils.py` (`parse_dataclass`)'],
  check(ctx) {
    const a = ctx.analysis;
    const running = runningVersion(a);
    // Older releases read the level: nothing to say.
    if (running && compareVersions(running, BARE_LEVEL_REMOVED_IN) < 0) return;
    for (const pair of topPairs(a.root)) {
      if (canonicalKey(String(pair.key.value ?? '')) !== 'compilation_config') continue;
      const v = pair.value;
      const raw = v?.kind === 'scalar' ? v.value : undefined;
      const level = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : undefined;
      if (level === undefined || !v) continue;
      const instead =
        running && compareVersions(running, OPTIMIZATION_LEVEL_RELEASE) < 0
          ? `-O${level}, or {"${compareVersions(running, '0.11.0') < 0 ? 'level' : 'mode'}": ${level}}`
          : `{"mode": ${level}} for the compilation mode, or -O${level} for the optimization level (${OPTIMIZATION_LEVEL_RELEASE} and later)`;
      ctx.report({
        severity: running ? 'error' : undefined,
        message:
          `${pair.key.source} ${level}: vLLM up to 0.9.x read a bare number as the compilation level; from ${BARE_LEVEL_REMOVED_IN} the value must be JSON, and ` +
          `${running ? `vLLM ${running} stops at start-up` : 'current releases stop at start-up (set servescope.versions.vllm to check the release you run)'}. Use ${instead}.`,
        range: v.range,
      });
    }
  },
});
