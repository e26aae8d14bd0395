/** external_scaler_enabled on an application whose deployments autoscale. */
import { defineRule } from '../../../rules/rule';
import { applications, isObj, keyRangeAt, rangeAt } from './serve-blocks';

export const externalScalerWithAutoscaling = defineRule({
  id: 'rayserve/external-scaler-with-autoscaling',
  appliesTo: { schemas: ['rayserve'] },
  severity: 'error',
  title: 'external_scaler_enabled with Serve autoscaling on a deployment',
  fix: 'none',
  sources: ['Ray `python/ray/serve/schema.py` `ServeApplicationSchema.validate_external_scaler_and_autoscaling` and `DeploymentSchema.is_autoscaling_configured` (Ray master, 2.5x)'],
  check(ctx) {
    const a = ctx.analysis;
    for (const app of applications(a)) {
      if (app.value.external_scaler_enabled !== true || !Array.isArray(app.value.deployments)) continue;
      app.value.deployments.forEach((d, i) => {
        if (!isObj(d)) return;
        const base = [...app.path, 'deployments', String(i)];
        // Serve's own test: num_replicas "auto" or a non-null autoscaling_config.
        const auto = d.num_replicas === 'auto';
        if (!auto && !isObj(d.autoscaling_config)) return;
        const name = typeof d.name === 'string' ? d.name : String(i);
        ctx.report({
          message: `external_scaler_enabled is set to True, but the following deployment(s) have autoscaling configured: "${name}". When using an external autoscaler, Serve's built-in autoscaling must be disabled for all deployments in the application. Remove ${auto ? 'num_replicas: auto' : 'autoscaling_config'} or external_scaler_enabled.`,
          range: auto ? rangeAt(a, [...base, 'num_replicas']) : keyRangeAt(a, [...base, 'autoscaling_config']),
          related: [{ range: rangeAt(a, [...app.path, 'external_scaler_enabled']), message: 'external_scaler_enabled' }],
        });
      });
    }
  },
});
