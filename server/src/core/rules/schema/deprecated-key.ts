/** A key the framework still accepts but has renamed or will remove. */
import { defineRule } from '../rule';
import { frameworkName } from '../../names';
import { compareVersions } from '../../version';
import { lifecycleKeys, renameFits, respell, runningVersion } from './annotations';

export const deprecatedKey = defineRule({
  id: 'schema/deprecated-key',
  appliesTo: {},
  severity: 'warning',
  title: 'Deprecated field: still accepted, renamed or going away',
  fix: 'safe',
  sources: ['`deprecated` + `x-deprecated` annotations in `schemas/*.schema.json`, from each framework\'s deprecation code and changelogs'],
  check(ctx) {
    for (const k of lifecycleKeys(ctx.analysis)) {
      if (k.removed) continue;
      // A release older than the deprecation knows only the old spelling: the rename would break it.
      const running = runningVersion(ctx.analysis, k.framework);
      if (k.version && running && compareVersions(running, k.version) < 0) continue;
      const fw = frameworkName(k.framework ?? ctx.analysis.detection.format);
      const since = k.version ? ` since ${fw} ${k.version}` : '';
      const repl = k.replacement ? respell(k.key.source, k.replacement) : undefined;
      ctx.report({
        message: `"${k.key.source}" is deprecated${since}${repl ? `; use "${repl}"` : ''}.${k.note ? ` ${k.note}` : ''}`,
        range: k.key.range,
        tags: ['deprecated'],
        data: repl ? { replacement: repl, rename: renameFits(ctx.analysis, k) } : undefined,
      });
    }
  },
  fixes(finding, a) {
    const repl = finding.data?.replacement;
    if (typeof repl !== 'string' || finding.data?.rename === false) return [];
    return [{ title: `Rename to "${repl}"`, edits: [{ range: finding.range, newText: repl }] }];
  },
});
