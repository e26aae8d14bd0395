/** host or port inside an application of a multi-application config. */
import { defineRule } from '../../../rules/rule';
import { applications, keyRangeAt } from './serve-blocks';

export const hostPortInApplication = defineRule({
  id: 'rayserve/host-port-in-application',
  appliesTo: { schemas: ['rayserve'] },
  severity: 'error',
  title: 'host or port set inside an application',
  fix: 'none',
  sources: ['Ray `python/ray/serve/schema.py` `ServeDeploySchema.nested_host_and_port` (eicherseiji/ray @170a22d0)'],
  check(ctx) {
    const a = ctx.analysis;
    const root = a.value?.value as { applications?: unknown } | null;
    // Single-application configs may still carry host/port (deprecated, handled elsewhere).
    if (!root || !Array.isArray(root.applications)) return;
    for (const app of applications(a)) {
      for (const key of ['host', 'port'] as const) {
        if (!Object.prototype.hasOwnProperty.call(app.value, key)) continue;
        const v = app.value[key];
        const what = key === 'host' ? `Host "${String(v)}"` : `Port ${String(v)}`;
        ctx.report({
          message: `${what} is set in the config for application \`${app.label}\`. Please remove it and set ${key} in the top level deploy config only (http_options.${key}). Serve rejects the config.`,
          range: keyRangeAt(a, [...app.path, key]),
        });
      }
    }
  },
});
