/** Two applications with the same route prefix (an omitted prefix counts as "/"). */
import { defineRule } from '../../../rules/rule';
import { applications, firstKeyRange, rangeAt } from './serve-blocks';

export const duplicateRoutePrefixes = defineRule({
  id: 'rayserve/duplicate-route-prefixes',
  appliesTo: { schemas: ['rayserve'] },
  severity: 'error',
  title: 'Two applications share a route prefix',
  fix: 'none',
  sources: ['Ray `python/ray/serve/schema.py` `ServeDeploySchema.application_routes_unique` and `ServeApplicationSchema.route_prefix` default `/` (eicherseiji/ray @170a22d0)'],
  check(ctx) {
    const a = ctx.analysis;
    if (!a.value || !Array.isArray((a.value.value as { applications?: unknown } | null)?.applications)) return;
    const seen = new Map<string, { path: string[]; explicit: boolean }>();
    for (const app of applications(a)) {
      const raw = app.value.route_prefix;
      // null means "no HTTP route" and never clashes; non-strings are the schema's business.
      if (raw === null || (raw !== undefined && typeof raw !== 'string')) continue;
      const prefix = raw ?? '/';
      const path = [...app.path, 'route_prefix'];
      const explicit = raw !== undefined;
      const first = seen.get(prefix);
      if (!first) {
        seen.set(prefix, { path: explicit ? path : app.path, explicit });
        continue;
      }
      const implicit = explicit ? '' : ' (no route_prefix given, so Ray uses "/")';
      ctx.report({
        message: `Found duplicate applications for route prefix "${prefix}"${implicit}. Please ensure each application's route_prefix is unique. Ray Serve rejects the whole config.`,
        range: explicit ? rangeAt(a, path) : firstKeyRange(a, app.path),
        related: [{ range: first.explicit ? rangeAt(a, first.path) : firstKeyRange(a, first.path), message: `First application with route prefix "${prefix}"` }],
      });
    }
  },
});
