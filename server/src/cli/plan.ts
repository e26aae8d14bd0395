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
import { readCompanions } from '../companions';
import { analyze } from '../core/analyze';
import { planCapacity, type Objective, type PlanRequest } from '../core/planner/plan';
import { renderPlanText, toPlanJson } from '../core/planner/report';
import { parseSlo } from '../core/planner/slo';
import { engineForVersion } from '../core/planner/versions';
import { presetNames, trafficPreset } from '../core/planner/presets';
import { planBase } from '../core/planner/planView';
import { float, gpuPrices, int, UsageError } from './flags';

export const PLAN_USAGE = `servescope plan (--model ID | CONFIG_FILE) --rps R [--avg-rps R] [--hourly R1,...,R24]
                [--input-len N] [--output-len N] [--input-spread F] [--output-spread F]
                [--preset ${presetNames().join('|')}] [--prefix-hit F] [--burstiness F]
                [--slo SPEC] [--gpu NAME]... [--tensor-parallel-size N]... [--pipeline-parallel-size N]
                [--quantization Q]... [--kv-cache-dtype T]... [--max-num-seqs N]... [--max-model-len N]
                [--gpu-memory-utilization F] [--replicas N] [--max-gpus N] [--no-spare]
                [--objective cost|throughput|latency] [--budget USD_PER_HOUR] [--headroom F]
                [--ramp RPS_PER_S] [--vllm-version V] [--gpu-price [NAME=]USD]... [--json]`;

const OPTIONS = {
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
  'tensor-parallel-size': { type: 'string', short: 't', multiple: true },
  'pipeline-parallel-size': { type: 'string' },
  quantization: { type: 'string', short: 'q', multiple: true },
  'kv-cache-dtype': { type: 'string', multiple: true },
  'max-num-seqs': { type: 'string', multiple: true },
  'max-model-len': { type: 'string' },
  'max-num-batched-tokens': { type: 'string' },
  'gpu-memory-utilization': { type: 'string' },
  dtype: { type: 'string' },
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
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The SLO users most often state for interactive chat when they pass none; said in the output. */
const DEFAULT_SLO = 'ttft:p95<1000ms;tpot:p95<100ms';

const ints = (vs: string[] | undefined, flag: string) => vs?.map((v) => int(v, flag)!);

export function runPlan(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  try {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: OPTIONS });
    if (values.help) {
      out(PLAN_USAGE);
      return 0;
    }
    let base: PlanRequest['base'];
    let fileGpu: string | undefined;
    if (values.model) base = { model: values.model };
    else if (positionals.length) ({ base, gpu: fileGpu } = baseFromFile(positionals[0], values.gpu?.[0]));
    else throw new UsageError('plan needs --model ID or a config file path');

    const preset = values.preset !== undefined ? trafficPreset(values.preset) : undefined;
    if (values.preset !== undefined && !preset) throw new UsageError(`--preset must be one of ${presetNames().join(', ')} (got "${values.preset}")`);
    const hourly = values.hourly?.split(',').map((x) => float(x, 'hourly')!);
    const peak = float(values.rps, 'rps') ?? (hourly ? Math.max(...hourly) : undefined);
    if (peak === undefined) throw new UsageError('plan needs --rps R (peak requests per second) or --hourly');
    const sloSpec = values.slo ?? DEFAULT_SLO;
    const slo = parseSlo(sloSpec);
    if ('error' in slo) throw new UsageError(`--slo: ${slo.error}`);
    const objective = (values.objective ?? 'cost') as Objective;
    if (!['cost', 'throughput', 'latency'].includes(objective)) throw new UsageError(`--objective must be cost, throughput or latency (got "${values.objective}")`);
    const version = values['vllm-version'];
    const engine = version !== undefined ? engineForVersion(version) : undefined;
    if (version !== undefined && !engine) throw new UsageError(`--vllm-version must be a release number such as 0.11.0 (got "${version}")`);
    const gpus = values.gpu?.length ? values.gpu : fileGpu ? [fileGpu] : undefined;
    const prices = gpuPrices(values['gpu-price'], gpus?.[0]);
    base = {
      ...base,
      ...(values['pipeline-parallel-size'] !== undefined && { pipelineParallel: int(values['pipeline-parallel-size'], 'pipeline-parallel-size') }),
      ...(values['max-model-len'] !== undefined && { maxModelLen: int(values['max-model-len'], 'max-model-len') }),
      ...(values['max-num-batched-tokens'] !== undefined && { maxNumBatchedTokens: int(values['max-num-batched-tokens'], 'max-num-batched-tokens') }),
      ...(values['gpu-memory-utilization'] !== undefined && { gpuMemoryUtilization: float(values['gpu-memory-utilization'], 'gpu-memory-utilization') }),
      ...(values.dtype !== undefined && { dtype: values.dtype }),
      ...(engine && { engine: engine.engine }),
      ...(prices && { gpuPrices: prices }),
    };
    const req: PlanRequest = {
      base,
      traffic: {
        peakRps: peak,
        avgRps: float(values['avg-rps'], 'avg-rps'),
        hourly,
        input: { mean: int(values['input-len'], 'input-len') ?? preset?.input.mean ?? 1024, spread: float(values['input-spread'], 'input-spread') ?? preset?.input.spread },
        output: { mean: int(values['output-len'], 'output-len') ?? preset?.output.mean ?? 256, spread: float(values['output-spread'], 'output-spread') ?? preset?.output.spread },
        prefixHitRatio: float(values['prefix-hit'], 'prefix-hit') ?? preset?.prefixHitRatio,
        burstiness: float(values.burstiness, 'burstiness'),
      },
      slo,
      gpus,
      tensorParallel: ints(values['tensor-parallel-size'], 'tensor-parallel-size'),
      quantizations: values.quantization?.map((q) => (q === 'none' ? undefined : q)),
      kvCacheDtypes: values['kv-cache-dtype']?.map((k) => (k === 'auto' ? undefined : k)),
      maxNumSeqs: ints(values['max-num-seqs'], 'max-num-seqs'),
      objective,
      budgetUsdPerHour: float(values.budget, 'budget'),
      maxGpus: int(values['max-gpus'], 'max-gpus'),
      fleet: { headroom: float(values.headroom, 'headroom'), nPlusOne: !values['no-spare'], rampRpsPerS: float(values.ramp, 'ramp'), replicas: int(values.replicas, 'replicas') },
      requests: int(values.requests, 'requests'),
      seed: int(values.seed, 'seed'),
    };
    const res = planCapacity(req);
    if (!values.slo) res.assumptions.unshift(`no --slo given: planned for ${DEFAULT_SLO}`);
    if (engine) res.assumptions.unshift(engine.note);
    if (preset) res.assumptions.unshift(`traffic preset ${values.preset}: ${preset.source}`);
    if (values.json) out(JSON.stringify(toPlanJson(res), null, 2));
    else out(renderPlanText(res));
    if (!res.ok) return 2;
    return res.plans[res.chosen]?.meetsSlo ? 0 : 1;
  } catch (e) {
    err(`servescope plan: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}

/** The engine arguments of a config file's first LLM deployment, as the estimate reads them. */
function baseFromFile(file: string, gpu: string | undefined): { base: PlanRequest['base']; gpu?: string } {
  if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
  const text = fs.readFileSync(file, 'utf8');
  const abs = path.resolve(file);
  const a = analyze({ uri: pathToFileURL(abs).toString(), text, companions: readCompanions(abs, text), settings: { hardware: { gpu } } });
  const b = planBase(a);
  if ('error' in b) throw new UsageError(`${file}: ${b.error}${a.detection.format ? '; pass --model' : ''}`);
  return { base: b.base, gpu: b.gpu };
}
