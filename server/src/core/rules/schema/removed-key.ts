/**
 * A key the framework no longer accepts. Against the version the user runs
 * (servescope.versions or `# servescope: version=X`) it is an error when that version
 * already removed it; with no version known it is a warning, because configs pinned
 * to an older release are still valid there.
 */
import { defineRule } from '../rule';
import { frameworkName } from '../../names';
import { lifecycleKeys, renameFits, respell, runningVersion } from './annotations';
import { compareVersions } from '../../version';

export const removedKey = defineRule({
  id: 'schema/removed-key',
  appliesTo: {},
  severity: 'warning',
  title: 'Removed field: the framework rejects it',
  fix: 'safe',
  sources: ['`x-removed` annotations in `schemas/vllm.schema.json`, from vLLM\'s release notes and deprecation code'],
  check(ctx) {
    for (const k of lifecycleKeys(ctx.analysis)) {
      if (!k.removed) continue;
      // The version that decides is the one of the framework that owns the key.
      const format = k.framework ?? ctx.analysis.detection.format;
      const fw = frameworkName(format);
      const running = runningVersion(ctx.analysis, k.framework);
      const when = k.version ? ` in ${fw} ${k.version}` : '';
      const repl = k.replacement ? respell(k.key.source, k.replacement) : undefined;
      const rejected = !running || !k.version || compareVersions(running, k.version) >= 0;
      const consequence = running
        ? rejected
          ? ` ${fw} ${running} rejects it at start-up.`
          : ` Still accepted by ${fw} ${running}.`
        : ` Set servescope.versions to the version you run to check it exactly.`;
      ctx.report({
        severity: running ? (rejected ? 'error' : 'hint') : undefined,
        message: `"${k.key.source}" was removed${when}${repl ? `; use "${repl}"` : ''}.${k.note ? ` ${k.note}` : ''}${consequence}`,
        range: k.key.range,
        tags: ['deprecated'],
        data: repl ? { replacement: repl, rename: renameFits(ctx.analysis, k) && !/invert|opposite|negat/i.test(k.note ?? '') } : undefined,
      });
    }
  },
  fixes(finding) {
    const repl = finding.data?.replacement;
    if (typeof repl !== 'string' || finding.data?.rename === false) return [];
    return [{ title: `Rename to "${repl}"`, edits: [{ range: finding.range, newText: repl }] }];
  },
});
