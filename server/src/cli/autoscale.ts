/**
 * `servescope autoscale CONFIG --rps R --slo SPEC`: autoscaling settings for the deployment in
 * CONFIG, derived from the same operating point `servescope plan` and the editor's SLA rules
 * use. A separate command, like `observe`, because it reads a config and writes artifacts;
 * `plan` searches candidates and prints a table. Exit 0 when written, 1 when no replica count
 * meets the SLO, 2 on usage errors or a file the planner can't size.
 */
import { parseArgs } from 'node:util';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DISK_HOST } from '../diskHost';
import { analyze } from '../core/analyze';
import { parseSlo } from '../core/planner/slo';
import { AUTOSCALE_FORMATS, type AutoscaleFormat } from '../core/autoscale';
import { SIGNAL_KINDS, type SignalKind } from '../core/autoscale/signal';
import { autoscaleArtifact } from '../core/autoscale/fromAnalysis';
import { defaultName } from '../core/observe/fromAnalysis';
import { float, UsageError } from './flags';

export const AUTOSCALE_USAGE = `servescope autoscale CONFIG --rps R --slo SPEC [--avg-rps R] [--format ray|keda|hpa|bentoml]
                      [--signal queue|kv] [--out DIR] [--name NAME] [--target DEPLOYMENT] [--namespace NS]
                      [--prometheus URL]
  Autoscaling from the SLA plan of CONFIG's deployment: Ray Serve autoscaling_config (Ray Serve
  files), KEDA ScaledObject or HPA autoscaling/v2 (vLLM and Triton; default keda), BentoML
  traffic and scaling (BentoML files). Every number says which plan figure it came from.
  --rps R          peak requests per second
  --avg-rps R      average requests per second (sets the minimum replicas; default the peak)
  --slo SPEC       latency targets, e.g. "ttft:p95<800ms;tpot:p95<60ms"
  --signal S       what KEDA/HPA scale on: queue (waiting requests; Triton: queue time; default)
                   or kv (vLLM's mean KV-cache usage at the operating point)
  --out DIR        write DIR/NAME.<artifact>.yaml instead of printing
  --target NAME    the Kubernetes Deployment to scale (default: NAME)
  --prometheus URL the Prometheus KEDA queries (default: a placeholder to edit)`;

const OPTIONS = {
  rps: { type: 'string' },
  'avg-rps': { type: 'string' },
  slo: { type: 'string' },
  format: { type: 'string' },
  signal: { type: 'string' },
  out: { type: 'string' },
  name: { type: 'string' },
  target: { type: 'string' },
  namespace: { type: 'string' },
  prometheus: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function runAutoscale(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  try {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: OPTIONS });
    if (values.help) {
      out(AUTOSCALE_USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(`autoscale needs one CONFIG file\n\n${AUTOSCALE_USAGE}`);
    const rps = float(values.rps, 'rps');
    if (rps === undefined) throw new UsageError('autoscale needs --rps R (peak requests per second)');
    if (!(rps > 0)) throw new UsageError(`--rps must be a positive number of requests per second (got "${values.rps}")`);
    const avg = float(values['avg-rps'], 'avg-rps');
    if (avg !== undefined && !(avg > 0 && avg <= rps)) throw new UsageError(`--avg-rps must be positive and at most --rps (got "${values['avg-rps']}")`);
    if (values.slo === undefined) throw new UsageError('autoscale needs --slo SPEC, e.g. "ttft:p95<800ms;tpot:p95<60ms": the targets set the operating point');
    const slo = parseSlo(values.slo);
    if ('error' in slo) throw new UsageError(`--slo: ${slo.error}`);
    if (values.format !== undefined && !AUTOSCALE_FORMATS.includes(values.format as AutoscaleFormat)) throw new UsageError(`--format must be one of ${AUTOSCALE_FORMATS.join(', ')} (got "${values.format}")`);
    if (values.signal !== undefined && !SIGNAL_KINDS.includes(values.signal as SignalKind)) throw new UsageError(`--signal must be one of ${SIGNAL_KINDS.join(', ')} (got "${values.signal}")`);
    if (values.prometheus !== undefined && !/^https?:\/\/\S+$/.test(values.prometheus)) throw new UsageError(`--prometheus must be an http(s) URL (got "${values.prometheus}")`);

    const file = positionals[0];
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`${file}: no such file`);
    const name = values.name ?? defaultName(file);
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new UsageError(`--name may use letters, digits, "_", "." and "-" (got "${name}")`);
    const text = fs.readFileSync(file, 'utf8');
    const abs = path.resolve(file);
    const settings = { traffic: { peakRps: rps, avgRps: avg }, slo: values.slo };
    const a = analyze({ uri: pathToFileURL(abs).toString(), text, host: DISK_HOST, settings });
    const art = autoscaleArtifact(a, abs, name, values.format as AutoscaleFormat | undefined, { target: values.target, prometheus: values.prometheus, namespace: values.namespace, signal: values.signal as SignalKind | undefined });
    if ('error' in art) {
      if (art.kind === 'format') throw new UsageError(art.error);
      if (art.kind === 'file') throw new UsageError(`${file} ${art.error}`);
      err(`servescope autoscale: ${art.error}.`);
      return art.kind === 'unreachable' ? 1 : 2;
    }
    for (const n of art.notes) err(`note: ${file}: ${n}`);
    const textOut = art.text;
    if (values.out === undefined) {
      out(textOut.trimEnd());
      return 0;
    }
    fs.mkdirSync(values.out, { recursive: true });
    const p = path.join(values.out, art.fileName);
    fs.writeFileSync(p, textOut);
    out(`wrote ${p}`);
    return 0;
  } catch (e) {
    err(`servescope autoscale: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}
