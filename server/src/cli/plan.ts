/**
 * `servescope plan`: from traffic and an SLO to the replicas, GPUs, settings and
 * cost that meet it, through the same planner the editor uses. Exit 0 when the
 * chosen plan meets the SLO, 1 when none does, 2 on usage errors or an unknown
 * model/GPU.
 */
import { parseArgs } from 'node:util';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DISK_HOST } from '../diskHost';
import { analyze } from '../core/analyze';
import type { PlanRequest } from '../core/planner/plan';
import { baseFromAnalysis, planFromAsk } from '../core/planner/planBase';
import { renderPlanText, toPlanJson } from '../core/planner/report';
import { rates } from '../core/planner/traffic';
import { renderTopology } from '../core/topology/diagram';
import type { FormatId } from '../core/types';
import { presetNames } from '../core/planner/presets';
import { engineArgOptions, engineArgsFromFlags, engineArgUsage } from '../core/engineArgs/flags';
import { float, gpuPrices, int, UsageError, wrapUsage } from './flags';
import { prepareHubModel } from './hub';
import type { EstimateContext } from '../core/capacity/estimate';

export const PLAN_USAGE = wrapUsage(
  'servescope plan (--model ID | CONFIG_FILE) --rps R',
  [
    '[--avg-rps R]', '[--hourly R1,...,R24]', '[--input-len N]', '[--output-len N]', '[--input-spread F]', '[--output-spread F]',
    `[--preset ${presetNames().join('|')}]`, '[--prefix-hit F]', '[--burstiness F]', '[--slo SPEC]', '[--gpu NAME]...',
    ...engineArgUsage('search'),
    '[--replicas N]', '[--max-gpus N]', '[--no-spare]', '[--objective cost|throughput|latency]', '[--budget USD_PER_HOUR]',
    '[--headroom F]', '[--ramp RPS_PER_S]', '[--vllm-version V]', '[--gpu-price [NAME=]USD]...', '[--hub]', '[--json]', '[--diagram]',
  ],
  16,
);

const OPTIONS = {
  // Every engine argument's flag comes from the table; the searched ones may repeat.
  ...(engineArgOptions('search') as Record<string, { type: 'string'; multiple: true }>),
  model: { type: 'string' },
  rps: { type: 'string' },
  'avg-rps': { type: 'string' },
  hourly: { type: 'string' },
  'input-len': { type: 'string' },
  'output-len': { type: 'string' },
  'input-spread': { type: 'string' },
  'output-spread': { type: 'string' },
  preset: { type: 'string' },
  'prefix-hit': { type: 'string' },
  burstiness: { type: 'string' },
  slo: { type: 'string' },
  gpu: { type: 'string', multiple: true },
  replicas: { type: 'string' },
  'max-gpus': { type: 'string' },
  'no-spare': { type: 'boolean' },
  objective: { type: 'string' },
  budget: { type: 'string' },
  headroom: { type: 'string' },
  ramp: { type: 'string' },
  'vllm-version': { type: 'string' },
  'gpu-price': { type: 'string', multiple: true },
  requests: { type: 'string' },
  seed: { type: 'string' },
  hub: { type: 'boolean' },
  json: { type: 'boolean' },
  diagram: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Synchronous unless `--hub` has a model to fetch from the Hugging Face Hub (see runEstimate). */
export function runPlan(args: string[], out: (s: string) => void, err: (s: string) => void): number | Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: OPTIONS });
    if (values.help) {
      out(PLAN_USAGE);
      return 0;
    }
    let base: PlanRequest['base'];
    let fileGpu: string | undefined;
    // The diagram draws the file's framework; with --model, a vLLM server on Kubernetes.
    let framework: FormatId = 'vllm';
    if (values.model) base = { model: values.model };
    else if (positionals.length) ({ base, gpu: fileGpu, framework } = baseFromFile(positionals[0], values.gpu?.[0]));
    else throw new UsageError('plan needs --model ID or a config file path');

    const model = base.model;
    if (values.hub && typeof model === 'string') {
      return prepareHubModel(model, undefined).then(
        (hub) => {
          if (!hub.ok) {
            err(`servescope plan: ${hub.message}`);
            return 2;
          }
          return planWith(values, base, fileGpu, framework, { models: hub.models }, out, err);
        },
        (e: unknown) => {
          err(`servescope plan: ${e instanceof Error ? e.message : String(e)}`);
          return 2;
        },
      );
    }
    return planWith(values, base, fileGpu, framework, {}, out, err);
  } catch (e) {
    err(`servescope plan: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}

type PlanValues = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof OPTIONS }>>['values'];

function planWith(
  values: PlanValues,
  base: PlanRequest['base'],
  fileGpu: string | undefined,
  framework: FormatId,
  ctx: EstimateContext,
  out: (s: string) => void,
  err: (s: string) => void,
): number {
  try {
    const hourly = values.hourly?.split(',').map((x) => float(x, 'hourly')!);
    const peak = float(values.rps, 'rps') ?? (hourly ? Math.max(...hourly) : undefined);
    if (peak === undefined) throw new UsageError('plan needs --rps R (peak requests per second) or --hourly');
    const gpus = values.gpu?.length ? values.gpu : fileGpu ? [fileGpu] : undefined;
    const prices = gpuPrices(values['gpu-price'], gpus?.[0]);
    const eng = engineArgsFromFlags(values, 'search');
    const planned = planFromAsk({
      base: { ...base, ...eng.input, ...(prices && { gpuPrices: prices }) },
      peakRps: peak,
      avgRps: float(values['avg-rps'], 'avg-rps'),
      hourly,
      inputLen: int(values['input-len'], 'input-len'),
      outputLen: int(values['output-len'], 'output-len'),
      inputSpread: float(values['input-spread'], 'input-spread'),
      outputSpread: float(values['output-spread'], 'output-spread'),
      preset: values.preset,
      prefixHitRatio: float(values['prefix-hit'], 'prefix-hit'),
      burstiness: float(values.burstiness, 'burstiness'),
      slo: values.slo,
      gpus,
      search: eng.search,
      objective: values.objective,
      budgetUsdPerHour: float(values.budget, 'budget'),
      maxGpus: int(values['max-gpus'], 'max-gpus'),
      fleet: { headroom: float(values.headroom, 'headroom'), nPlusOne: !values['no-spare'], rampRpsPerS: float(values.ramp, 'ramp'), replicas: int(values.replicas, 'replicas') },
      vllmVersion: values['vllm-version'],
      requests: int(values.requests, 'requests'),
      seed: int(values.seed, 'seed'),
    }, ctx);
    if (!planned.ok) throw new UsageError(planned.error.field === 'slo' ? `--slo: ${planned.error.message}` : `--${planned.error.field} ${planned.error.message}`);
    const res = planned.result;
    const chosen = res.plans[res.chosen];
    const r = rates(planned.request.traffic);
    const diagram = values.diagram && chosen ? renderTopology({ framework, plan: chosen, slo: planned.request.slo, peakRps: r.peak, avgRps: r.avg }) : undefined;
    if (values.diagram && !diagram && res.ok) err('note: no diagram: the chosen plan has no fleet that meets the SLO.');
    if (values.json) out(JSON.stringify({ ...toPlanJson(res), ...(diagram && { diagram }) }, null, 2));
    else out(diagram ? `${renderPlanText(res)}\n\n${diagram.trimEnd()}` : renderPlanText(res));
    if (!res.ok) return 2;
    return res.plans[res.chosen]?.meetsSlo ? 0 : 1;
  } catch (e) {
    err(`servescope plan: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}

/** The engine arguments of a config file's first LLM deployment, as the estimate reads them. */
function baseFromFile(file: string, gpu: string | undefined): { base: PlanRequest['base']; gpu?: string; framework: FormatId } {
  if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
  const text = fs.readFileSync(file, 'utf8');
  const abs = path.resolve(file);
  const a = analyze({ uri: pathToFileURL(abs).toString(), text, host: DISK_HOST, settings: { hardware: { gpu } } });
  if (!a.detection.format) throw new UsageError(`${file} is not a recognised serving config (${a.detection.detail})`);
  const b = baseFromAnalysis(a);
  if ('error' in b) throw new UsageError(`${file} ${b.error}; pass --model`);
  return { ...b, framework: a.detection.format };
}
