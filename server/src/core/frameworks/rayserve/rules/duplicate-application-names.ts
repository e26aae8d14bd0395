/** Two applications with the same name (an omitted name counts as "default"). */
import { defineRule } from '../../../rules/rule';
import { applications, firstKeyRange, rangeAt } from './serve-blocks';

export const duplicateApplicationNames = defineRule({
  id: 'rayserve/duplicate-application-names',
  appliesTo: { schemas: ['rayserve'] },
  severity: 'error',
  title: 'Two applications share a name',
  fix: 'none',
  sources: ['Ray `python/ray/serve/schema.py` `ServeDeploySchema.application_names_unique` (master, read via eicherseiji/ray @170a22d0); the default name is `SERVE_DEFAULT_APP_NAME` ("default")'],
  check(ctx) {
    const a = ctx.analysis;
    if (!a.value || !Array.isArray((a.value.value as { applications?: unknown } | null)?.applications)) return;
    const seen = new Map<string, string[]>();
    for (const app of applications(a)) {
      const raw = app.value.name;
      // Ray fills "default" for an omitted name; other types are the schema's business.
      if (raw !== undefined && typeof raw !== 'string') continue;
      const name = raw ?? 'default';
      const namePath = [...app.path, 'name'];
      const here = raw === undefined ? firstKeyRange(a, app.path) : rangeAt(a, namePath);
      const first = seen.get(name);
      if (!first) {
        seen.set(name, raw === undefined ? app.path : namePath);
        continue;
      }
      const implicit = raw === undefined ? ' (no name given, so Ray uses "default")' : '';
      ctx.report({
        message: `Found multiple configs for application "${name}"${implicit}. Please remove all duplicates. Ray Serve rejects the whole config; give each application a unique name.`,
        range: here,
        related: [{ range: first[first.length - 1] === 'name' ? rangeAt(a, first) : firstKeyRange(a, first), message: `First application named "${name}"` }],
      });
    }
  },
});
