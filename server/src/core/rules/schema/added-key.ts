/**
 * A key newer than the release the user runs. The schema follows the newest release,
 * so without a version every key it knows is fine; with one (servescope.versions,
 * `# servescope: version=`, a manifest's image tag, the CLI's --<framework>-version) a
 * key first accepted by a later release is one that older release does not know. What
 * it then does is what it does with any unknown key: vLLM's parser stops on it; Ray
 * Serve drops it from a deployment (the setting silently has no effect) but rejects it
 * where the model forbids extra fields (ray_actor_options, the LLM configs).
 */
import { defineRule } from '../rule';
import { frameworkName } from '../../names';
import { compareVersions } from '../../version';
import { adapterFor } from '../../frameworks';
import { loadSchema } from '../../schema/registry';
import { unknownKeyPolicy } from '../../schema/validate';
import type { Analysis } from '../../analysis';
import { addedKeys, runningVersion, type AddedKey } from './annotations';

export const addedKey = defineRule({
  id: 'schema/added-key',
  appliesTo: {},
  severity: 'error',
  title: 'Field newer than the version you run',
  fix: 'none',
  sources: ['`x-added` annotations in `schemas/vllm.schema.json`: the first release that can carry the argument, from diffing `EngineArgs` of `vllm/engine/arg_utils.py` at release points (see the schema\'s `$comment` and CONTRIBUTING.md, "refresh a schema"); in the Ray Serve schemas, the release-branch bumps around each adding pull request; in Triton\'s, `model_config.proto` on the release branches r21.05–r26.07; in BentoML\'s, the tags v1.2.0–v1.4.38. Where only a range is known the annotation is its lower end, so the rule never flags a key on a release that has it'],
  check(ctx) {
    // A key is judged against the document's release or, for an engine_kwargs key, vLLM's: with neither
    // known nothing can be reported, so skip the walk (a millisecond on a file of hundreds of applications).
    if (!runningVersion(ctx.analysis) && !runningVersion(ctx.analysis, 'vllm')) return;
    for (const k of addedKeys(ctx.analysis)) {
      const running = runningVersion(ctx.analysis, k.framework);
      if (!running || compareVersions(running, k.added) >= 0) continue;
      const fw = frameworkName(k.framework ?? ctx.analysis.detection.format);
      // A lower bound still proves the point: the key is newer than the running release.
      const added = `"${k.key.source}" was added in ${fw} ${k.added}${k.atLeast ? ' or later' : ''}`;
      const ignored = ignoredByOlderRelease(ctx.analysis, k);
      ctx.report({
        severity: ignored ? 'warning' : undefined,
        message: ignored
          ? `${added}; your version ${running} ignores it (${fw} drops fields it does not know here), so the setting has no effect. Upgrade ${fw}, or drop the key.`
          : `${added}; your version ${running} rejects it as unrecognized. Upgrade ${fw}, or drop the key.`,
        range: k.key.range,
        data: { added: k.added, running },
      });
    }
  },
});

/** Whether the running release, not knowing the key, drops it rather than refusing the config: the unknown-key policy of its parent. */
function ignoredByOlderRelease(a: Omit<Analysis, 'findings'>, k: AddedKey): boolean {
  const id = a.detection.schema;
  const format = a.detection.format;
  // A vLLM argument (engine_kwargs) is parsed by vLLM, which refuses what it does not know.
  if (k.framework || !id || !format) return false;
  return unknownKeyPolicy(loadSchema(id), k.path.slice(0, -1), adapterFor(format).unknownKey?.(id))?.severity === 'warning';
}
