/**
 * `servescope observe CONFIG`: Prometheus alert rules and a Grafana dashboard for the
 * deployments in a config, with the framework's current metric names. Exit 0 when written,
 * 2 on usage errors or a file that is not a serving config.
 */
import { parseArgs } from 'node:util';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DISK_HOST } from '../diskHost';
import { analyze } from '../core/analyze';
import type { ServedDeployment } from '../core/plan';
import type { FormatId } from '../core/types';
import { parseSlo, type Slo } from '../core/planner/slo';
import type { ObserveInput } from '../core/observe/input';
import { renderRules, unalerted } from '../core/observe/rules';
import { renderDashboard } from '../core/observe/dashboard';
import { thresholdsFromPlan } from '../core/observe/fromPlan';

export const OBSERVE_USAGE = `servescope observe CONFIG [--slo SPEC] [--rps R] [--out DIR] [--name NAME]
  Prometheus alerting rules (and, with --out, a Grafana dashboard) for the deployments in CONFIG.
  --slo SPEC   latency targets, e.g. "ttft:p95<800ms;tpot:p95<60ms;e2e:p99<20s"
  --rps R      peak requests per second; with --slo the planner simulates the deployment
               and sets the queue, replica and in-flight thresholds from its operating
               point (labelled "from the plan"); otherwise loose defaults, labelled so
  --out DIR    write DIR/NAME.rules.yaml and DIR/NAME.dashboard.json instead of printing the rules
  --name NAME  file and deployment name (default: the config's file name, or its
               directory for a Triton config.pbtxt)`;

class UsageError extends Error {}

/** vLLM labels its series with the served model name, which defaults to the model id. */
function servedModelName(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const served = v['served-model-name'] ?? v['served_model_name'];
  const first = Array.isArray(served) ? served[0] : served;
  return typeof first === 'string' && first ? first : undefined;
}

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

export function defaultName(file: string): string {
  const base = path.basename(file).replace(/\.[^.]+$/, '');
  const name = base === 'config' ? path.basename(path.dirname(path.resolve(file))) : base;
  return name.replace(/[^A-Za-z0-9_.-]+/g, '-');
}

export function runObserve(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { slo: { type: 'string' }, rps: { type: 'string' }, out: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      out(OBSERVE_USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(`observe needs one CONFIG file\n\n${OBSERVE_USAGE}`);
    let slo: Slo | undefined;
    if (values.slo !== undefined) {
      const parsed = parseSlo(values.slo);
      if ('error' in parsed) throw new UsageError(`--slo: ${parsed.error}`);
      slo = parsed;
    }
    const rps = values.rps === undefined ? undefined : Number(values.rps);
    if (rps !== undefined && !(rps > 0 && Number.isFinite(rps))) throw new UsageError(`--rps must be a positive number of requests per second (got "${values.rps}")`);
    const name = values.name ?? defaultName(positionals[0]);
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new UsageError(`--name may use letters, digits, "_", "." and "-" (got "${name}")`);

    const file = positionals[0];
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`${file}: no such file`);
    const text = fs.readFileSync(file, 'utf8');
    const abs = path.resolve(file);
    // Traffic and SLO go in as settings, so the thresholds come from the same operating point the editor shows.
    const settings = rps !== undefined && values.slo !== undefined ? { traffic: { peakRps: rps }, slo: values.slo } : undefined;
    const a = analyze({ uri: pathToFileURL(abs).toString(), text, host: DISK_HOST, settings });
    const format = a.detection.format;
    if (!format) throw new UsageError(`${file} is not a recognised serving config (${a.detection.detail}).`);

    const deployments = a.plan?.deployments.length ? a.plan.deployments : [undefined];
    const inputs: ObserveInput[] = deployments.map((d) => {
      const planned = thresholdsFromPlan(format, d, a.estimates.find((e) => e.deployment === d)?.sla);
      return {
        framework: format,
        name: deployments.length > 1 && d ? `${name}/${d.name}` : name,
        slo,
        rps,
        matchers: matchersFor(format, abs, d, a.value?.value),
        thresholds: planned.thresholds,
        planReasons: planned.reasons,
      };
    });
    for (const u of unalerted(inputs[0])) err(`note: ${u.spec} is not alerted for ${format}: ${u.reason}.`);

    const rules = renderRules(inputs);
    if (values.out === undefined) {
      out(rules.trimEnd());
      return 0;
    }
    fs.mkdirSync(values.out, { recursive: true });
    const rulesPath = path.join(values.out, `${name}.rules.yaml`);
    const dashPath = path.join(values.out, `${name}.dashboard.json`);
    fs.writeFileSync(rulesPath, rules);
    fs.writeFileSync(dashPath, renderDashboard(name, inputs));
    out(`wrote ${rulesPath}\nwrote ${dashPath}`);
    return 0;
  } catch (e) {
    err(`servescope observe: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}
