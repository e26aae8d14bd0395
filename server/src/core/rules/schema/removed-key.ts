/**
 * A key the framework no longer accepts. Against the version the user runs
 * (servescope.versions or `# servescope: version=X`) it is an error when that version
 * already removed it; with no version known it is a warning, because configs pinned
 * to an older release are still valid there, except where the framework refuses keys it
 * does not know (Serve's ray_actor_options): the newest release then fails to start on
 * it, and a warning would be softer than the unknown-key error the key got before it
 * was marked removed.
 */
import { defineRule } from '../rule';
import { frameworkName } from '../../names';
import { lifecycleKeys, renameFits, respell, runningVersion } from './annotations';
import { compareVersions } from '../../version';
import { adapterFor } from '../../frameworks';
import { loadSchema } from '../../schema/registry';
import { unknownKeyPolicy } from '../../schema/validate';
import type { Analysis } from '../../analysis';
import type { Lifecycle } from './annotations';

export const removedKey = defineRule({
  id: 'schema/removed-key',
  appliesTo: {},
  severity: 'warning',
  title: 'Removed field: the framework rejects it',
  fix: 'safe',
  sources: ['`x-removed` annotations in `schemas/vllm.schema.json`, from vLLM\'s release notes and deprecation code, and in the Ray Serve schemas, from the removing pull request dated against Ray\'s release branches (see the schema\'s `$comment`)'],
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
      const newestRefuses = !running && refusesUnknown(ctx.analysis, k);
      const consequence = running
        ? rejected
          ? ` ${fw} ${running} rejects it at start-up.`
          : ` Still accepted by ${fw} ${running}.`
        : newestRefuses
          ? ` The newest ${fw} rejects it at start-up; if you run an older release, set servescope.versions to it.`
          : ` Set servescope.versions to the version you run to check it exactly.`;
      ctx.report({
        severity: running ? (rejected ? 'error' : 'hint') : newestRefuses ? 'error' : undefined,
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

/** Whether the framework refuses a key it does not know where this one sits: the unknown-key policy of its parent. */
function refusesUnknown(a: Omit<Analysis, 'findings'>, k: Lifecycle): boolean {
  const id = a.detection.schema;
  const format = a.detection.format;
  // A vLLM argument in engine_kwargs is judged as in a vLLM file, where the unknown-key error is
  // the format's default rather than a mapping's policy, so an unpinned removal stays a warning.
  if (k.framework || !id || !format) return false;
  return unknownKeyPolicy(loadSchema(id), k.path.slice(0, -1), adapterFor(format).unknownKey?.(id))?.severity === 'error';
}
