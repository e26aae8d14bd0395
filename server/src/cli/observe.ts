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
import { parseSlo, type Slo } from '../core/planner/slo';
import { renderRules, unalerted } from '../core/observe/rules';
import { renderDashboard } from '../core/observe/dashboard';
import { defaultName, observeInputs } from '../core/observe/fromAnalysis';

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

    const inputs = observeInputs(a, format, abs, name, slo, rps);
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
