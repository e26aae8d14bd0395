/**
 * A key newer than the release the user runs. The schema follows the newest release,
 * so without a version every key it knows is fine; with one (servescope.versions,
 * `# servescope: version=`, a manifest's image tag) a key first accepted by a later
 * release is what that older release rejects at start-up — vLLM's parser stops on an
 * argument it does not know.
 */
import { defineRule } from '../rule';
import { frameworkName } from '../../names';
import { compareVersions } from '../../version';
import { addedKeys, runningVersion } from './annotations';

export const addedKey = defineRule({
  id: 'schema/added-key',
  appliesTo: {},
  severity: 'error',
  title: 'Field newer than the version you run',
  fix: 'none',
  sources: ['`x-added` annotations in `schemas/vllm.schema.json`: the first release that can carry the argument, from diffing `EngineArgs` of `vllm/engine/arg_utils.py` at release points (see the schema\'s `$comment` and CONTRIBUTING.md, "refresh a schema"). Where only a range is known the annotation is its lower end, so the rule never flags a key on a release that has it'],
  check(ctx) {
    for (const k of addedKeys(ctx.analysis)) {
      const running = runningVersion(ctx.analysis, k.framework);
      if (!running || compareVersions(running, k.added) >= 0) continue;
      const fw = frameworkName(k.framework ?? ctx.analysis.detection.format);
      ctx.report({
        // A lower bound still proves the point: the key is newer than the running release.
        message: `"${k.key.source}" was added in ${fw} ${k.added}${k.atLeast ? ' or later' : ''}; your version ${running} rejects it as unrecognized. Upgrade ${fw}, or drop the key.`,
        range: k.key.range,
        data: { added: k.added, running },
      });
    }
  },
});
