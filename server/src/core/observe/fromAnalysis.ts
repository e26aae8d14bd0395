/**
 * Observe's inputs for an analysed config: which series pick each deployment and the
 * thresholds from its operating point. `servescope observe` and the advisor's architecture
 * view both build the alert rules through here, so the two cannot disagree.
 */
import * as path from 'node:path';
import type { Analysis } from '../analysis';
import type { ServedDeployment } from '../plan';
import type { FormatId } from '../types';
import type { Slo } from '../planner/slo';
import type { ObserveInput } from './input';
import { thresholdsFromPlan } from './fromPlan';

/** vLLM labels its series with the served model name, which defaults to the model id. */
function servedModelName(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const served = v['served-model-name'] ?? v['served_model_name'];
  const first = Array.isArray(served) ? served[0] : served;
  return typeof first === 'string' && first ? first : undefined;
}

/** The label values that pick one deployment's series in the framework's metrics. */
export function matchersFor(format: FormatId, file: string, d: ServedDeployment | undefined, value: unknown): Record<string, string> {
  if (!d) return {};
  switch (format) {
    case 'vllm': {
      const name = servedModelName(value) ?? d.model.id?.value;
      return name ? { model_name: name } : {};
    }
    case 'triton': {
      // Without `name:` Triton names the model after its directory in the repository.
      const own = value && typeof value === 'object' ? (value as Record<string, unknown>).name : undefined;
      return { model: typeof own === 'string' && own ? own : path.basename(path.dirname(file)) };
    }
    case 'rayserve': {
      const [app, deployment] = d.name.split('/');
      // An LLM app's deployment names are chosen by Ray Serve LLM, not the file: match the app only.
      return d.engine === 'other' && deployment ? { application: app, deployment } : { application: app };
    }
    case 'bentoml':
      return { service_name: d.name };
  }
}

/** The artifact name for a config: its file name, or its directory for a Triton `config.pbtxt`. */
export function defaultName(file: string): string {
  const base = path.basename(file).replace(/\.[^.]+$/, '');
  const name = base === 'config' ? path.basename(path.dirname(path.resolve(file))) : base;
  return name.replace(/[^A-Za-z0-9_.-]+/g, '-');
}

/**
 * One ObserveInput per deployment of the analysed file (one unnamed input when the file
 * declares none). `file` is the config's absolute path; the thresholds come from the SLA
 * evaluation the analysis already made with the traffic and SLO in its settings or comment.
 */
export function observeInputs(a: Analysis, format: FormatId, file: string, name: string, slo: Slo | undefined, rps: number | undefined): ObserveInput[] {
  const deployments = a.plan?.deployments.length ? a.plan.deployments : [undefined];
  return deployments.map((d) => {
    const planned = thresholdsFromPlan(format, d, a.estimates.find((e) => e.deployment === d)?.sla);
    return {
      framework: format,
      name: deployments.length > 1 && d ? `${name}/${d.name}` : name,
      slo,
      rps,
      matchers: matchersFor(format, file, d, a.value?.value),
      thresholds: planned.thresholds,
      planReasons: planned.reasons,
    };
  });
}
