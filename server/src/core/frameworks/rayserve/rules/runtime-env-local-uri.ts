/**
 * runtime_env.working_dir / py_modules given as a local path in a Serve config.
 * Serve's schema only accepts URIs it can fetch on every node (s3://, gs://,
 * https://…zip and the like); a path without a scheme fails URI parsing.
 */
import { defineRule } from '../../../rules/rule';
import { applications, deploymentBlocks, isObj, rangeAt, scalarAt } from './serve-blocks';

const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

export const runtimeEnvLocalUri = defineRule({
  id: 'rayserve/runtime-env-local-uri',
  appliesTo: { schemas: ['rayserve'] },
  severity: 'error',
  title: 'Local path in runtime_env working_dir or py_modules',
  fix: 'none',
  sources: ['Ray `python/ray/serve/schema.py` `RayActorOptionsSchema.runtime_env_contains_remote_uris` and `ServeApplicationSchema.runtime_env_contains_remote_uris` (eicherseiji/ray @170a22d0); `python/ray/_private/runtime_env/packaging.py` `parse_uri` (a path without a scheme is not a valid protocol)'],
  check(ctx) {
    const a = ctx.analysis;
    const envs: string[][] = [];
    for (const app of applications(a)) envs.push([...app.path, 'runtime_env']);
    for (const d of deploymentBlocks(a)) if (d.kind === 'deployment') envs.push([...d.path, 'ray_actor_options', 'runtime_env']);
    for (const envPath of envs) {
      let env: unknown = a.value?.value;
      for (const seg of envPath) env = env !== null && typeof env === 'object' ? (env as Record<string, unknown>)[seg] : undefined;
      if (!isObj(env)) continue;
      const uris: { path: string[]; uri: string }[] = [];
      if (typeof env.working_dir === 'string') uris.push({ path: [...envPath, 'working_dir'], uri: env.working_dir });
      else if (typeof env.working_dir === 'number') {
        // `working_dir: .` is read as a number by our YAML parser; the text is what Ray gets.
        const n = scalarAt(a, [...envPath, 'working_dir']);
        if (n) uris.push({ path: [...envPath, 'working_dir'], uri: n.source.trim() });
      }
      if (Array.isArray(env.py_modules)) {
        env.py_modules.forEach((m, i) => {
          if (typeof m === 'string') uris.push({ path: [...envPath, 'py_modules', String(i)], uri: m });
        });
      }
      for (const u of uris) {
        if (HAS_SCHEME.test(u.uri)) continue;
        const field = u.path.includes('py_modules') ? 'py_modules' : 'working_dir';
        ctx.report({
          message: `runtime_envs in the Serve config support only remote URIs in working_dir and py_modules. Got error when parsing URI: "${u.uri}" is a local path. Upload the code as a .zip and use its s3://, gs:// or https:// URI (for local development, pass --working-dir to \`serve run\` instead of putting ${field} in the config).`,
          range: rangeAt(a, u.path),
        });
      }
    }
  },
});
