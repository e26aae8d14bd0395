/**
 * `servescope estimate`: the capacity model from the command line, with vLLM's own
 * flag names, or for the deployments of a config file. Exit 0 when the server would
 * start, 1 when it would not, 2 on usage errors or when the model/GPU is unknown.
 */
import { DISK_HOST } from '../diskHost';
import { parseArgs } from 'node:util';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { estimate } from '../core/capacity/estimate';
import { toJsonReport } from '../core/capacity/jsonReport';
import { biggestLever } from '../core/capacity/levers';
import type { Estimate, EstimateInput } from '../core/capacity/types';
import { analyze } from '../core/analyze';
import { DEFAULT_CONCURRENCY } from '../core/capacity/planEstimate';
import { releaseInput } from '../core/capacity/releases';
import { gpuPrices, int, UsageError, wrapUsage } from './flags';
import { prepareHubModel } from './hub';
import type { EstimateContext } from '../core/capacity/estimate';
import { engineArgOptions, engineArgsFromFlags, engineArgUsage } from '../core/engineArgs/flags';

const OPTIONS = {
  // Every engine argument's flag comes from the table; these two are named because the code reads them.
  ...(engineArgOptions('single') as Record<string, { type: 'string' }>),
  model: { type: 'string' },
  'enforce-eager': { type: 'boolean' },
  gpu: { type: 'string' },
  'num-gpus': { type: 'string' },
  'input-len': { type: 'string' },
  'output-len': { type: 'string' },
  concurrency: { type: 'string' },
  'vllm-version': { type: 'string' },
  'gpu-price': { type: 'string', multiple: true },
  hub: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;


export const ESTIMATE_USAGE = wrapUsage(
  'servescope estimate (--model ID | CONFIG_FILE) [--gpu NAME] [--num-gpus N]',
  [...engineArgUsage('single'), '[--input-len N]', '[--output-len N]', '[--concurrency N]', '[--vllm-version V]', '[--gpu-price [NAME=]USD_PER_GPU_HOUR]...', '[--hub]', '[--json]'],
  // Aligned under the command in `servescope --help`, where the line starts with two spaces.
  22,
);

/**
 * Synchronous unless `--hub` has a model to fetch from the Hugging Face Hub; then the
 * promise settles with the exit code (2, with the Hub's reason, when the fetch fails).
 */
export function runEstimate(args: string[], out: (s: string) => void, err: (s: string) => void): number | Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: OPTIONS });
    if (values.help) {
      out(ESTIMATE_USAGE);
      return 0;
    }
    const workload =
      values['input-len'] || values['output-len'] || values.concurrency
        ? {
            inputLen: int(values['input-len'], 'input-len') ?? 1024,
            outputLen: int(values['output-len'], 'output-len') ?? 256,
            concurrency: int(values.concurrency, 'concurrency') ?? DEFAULT_CONCURRENCY,
          }
        : undefined;
    const prices = gpuPrices(values['gpu-price'], values.gpu);
    const version = values['vllm-version'];
    const release = version !== undefined ? releaseInput(version) : undefined;
    if (version !== undefined && !release) throw new UsageError(`--vllm-version must be a release number such as 0.11.0 (got "${version}")`);
    if (positionals.length && !values.model) return estimateFile(positionals[0], values, workload, prices, out, err);
    if (!values.model) throw new UsageError('estimate needs --model ID or a config file path');
    if (!values.gpu) throw new UsageError('estimate needs --gpu NAME (a catalog id or the name nvidia-smi prints)');
    const numGpus = int(values['num-gpus'], 'num-gpus');
    const eng = engineArgsFromFlags(values, 'single').input;
    const pp = eng.pipelineParallel ?? 1;
    // With only --num-gpus, the GPUs go to tensor parallelism, as `vllm serve -tp N` would use them.
    const tp = eng.tensorParallel ?? (numGpus ? Math.max(1, Math.floor(numGpus / pp)) : 1);
    const input: EstimateInput = {
      ...eng,
      ...release,
      model: values.model,
      gpu: values.gpu,
      tensorParallel: tp,
      pipelineParallel: pp,
      workload,
      gpuPrices: prices,
    };
    const finish = (ctx: EstimateContext): number => {
      const e = estimate(input, ctx);
      if (values.json) out(JSON.stringify(toJsonReport(e), null, 2));
      else out(renderText(e, input));
      return exitFor(e);
    };
    if (!values.hub) return finish({});
    return prepareHubModel(values.model, undefined).then(
      (hub) => {
        if (!hub.ok) {
          err(`servescope estimate: ${hub.message}`);
          return 2;
        }
        return finish({ models: hub.models });
      },
      (e: unknown) => {
        err(`servescope estimate: ${e instanceof Error ? e.message : String(e)}`);
        return 2;
      },
    );
  } catch (e) {
    err(`servescope estimate: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}

function estimateFile(
  file: string,
  values: { gpu?: string; 'num-gpus'?: string; 'vllm-version'?: string; json?: boolean; hub?: boolean },
  workload: EstimateInput['workload'],
  prices: Record<string, number> | undefined,
  out: (s: string) => void,
  err: (s: string) => void,
): number | Promise<number> {
  const text = fs.readFileSync(file, 'utf8');
  const abs = path.resolve(file);
  const analyzeFile = (allowHubFetch: boolean) =>
    analyze({
      uri: pathToFileURL(abs).toString(),
      text,
      host: DISK_HOST,
      settings: {
        hardware: { gpu: values.gpu, count: int(values['num-gpus'], 'num-gpus') },
        ...(workload ? { workload } : {}),
        ...(prices ? { gpuPrices: prices } : {}),
        // The same as servescope.versions in the editor: the release the memory budget follows.
        ...(values['vllm-version'] ? { versions: { vllm: values['vllm-version'] } } : {}),
        ...(allowHubFetch ? { allowHubFetch } : {}),
      },
    });
  const a = analyzeFile(false);
  // --hub: fetch the config.json of every deployment's model the catalog and disk don't know, then estimate again.
  const unknownModels = [
    ...new Set(
      a.estimates
        .filter((p) => p.estimate?.unknown?.some((u) => u.what === 'model') && typeof p.input?.model === 'string')
        .map((p) => p.input!.model as string),
    ),
  ];
  if (values.hub && a.detection.format && unknownModels.length) {
    return (async () => {
      for (const id of unknownModels) {
        const hub = await prepareHubModel(id, undefined);
        if (!hub.ok) {
          err(`servescope estimate: ${hub.message}`);
          return 2;
        }
      }
      return reportFile(file, analyzeFile(true), values, out, err);
    })();
  }
  return reportFile(file, a, values, out, err);
}

function reportFile(file: string, a: ReturnType<typeof analyze>, values: { json?: boolean }, out: (s: string) => void, err: (s: string) => void): number {
  if (!a.detection.format) {
    err(`servescope estimate: ${file} is not a recognised serving config (${a.detection.detail}).`);
    return 2;
  }
  const rows = a.estimates.filter((p) => p.deployment.engine === 'vllm' || p.deployment.engine === 'tensorrt-llm');
  if (!rows.length) {
    err(`servescope estimate: ${file} has no LLM engine deployment to estimate.`);
    return 2;
  }
  if (values.json) {
    out(JSON.stringify({ file, framework: a.detection.format, deployments: rows.map((p) => ({ name: p.deployment.name, missing: p.missing, ...(p.estimate ? toJsonReport(p.estimate) : {}) })) }, null, 2));
  } else {
    for (const p of rows) {
      out(`== ${p.deployment.name}`);
      out(p.estimate && p.input ? renderText(p.estimate, p.input) : `cannot estimate: set ${p.missing.join(' and ')} (or pass --gpu)`);
    }
  }
  const ests = rows.map((p) => p.estimate);
  if (ests.some((e) => !e || !e.ok)) return 2;
  return ests.some((e) => e && e.memory && !e.memory.fits) ? 1 : 0;
}

function exitFor(e: Estimate): number {
  if (!e.ok || !e.memory) return 2;
  return e.memory.fits ? 0 : 1;
}

const g2 = (x: number) => x.toFixed(2);
const n0 = (x: number) => Math.round(x).toLocaleString('en-US');

export function renderText(e: Estimate, input: EstimateInput): string {
  if (!e.ok || !e.memory) return `cannot estimate:\n${(e.unknown ?? []).map((u) => `  - ${u.message} (${u.setting})`).join('\n')}`;
  const m = e.memory;
  const lines = [
    `${e.model?.id} on ${e.gpu?.id} × ${e.tensorParallel * e.pipelineParallel} (TP ${e.tensorParallel}, PP ${e.pipelineParallel})`,
    input.trtllm
      ? `per GPU: weights ${g2(m.weightsGib)} GiB · runtime buffers, decoder and context ${g2(m.activationGib)} GiB · KV cache ${g2(m.kvCacheGib)} GiB`
      : `per GPU: weights ${g2(m.weightsGib)} GiB · activation ${g2(m.activationGib)} GiB · non-torch ${g2(m.nonTorchGib)} GiB · CUDA graphs ${g2(m.cudaGraphGib)} GiB · KV cache ${g2(m.kvCacheGib)} GiB`,
    `KV cache: ${n0(m.kvCacheTokens)} tokens · max concurrency ${m.maxConcurrency.toFixed(2)}x at max_model_len ${n0(m.maxModelLen)}`,
    `would start: ${m.fits ? 'yes' : 'NO'}`,
  ];
  for (const p of m.problems) lines.push(`  ${p.severity}: ${p.message}`);
  if (e.throughput) {
    const t = e.throughput;
    lines.push(`at ${t.concurrency} concurrent: ${n0(t.outputTokS)} output tok/s · TPOT ${t.tpotMs.toFixed(1)} ms · TTFT ${n0(t.ttftMs)} ms · saturation ${n0(t.saturationTokS)} tok/s`);
  }
  if (e.cost?.usdPerHour != null) {
    const from = e.cost.priceSource === 'setting' ? ' (your price)' : '';
    lines.push(`cost: $${e.cost.usdPerHour.toFixed(2)}/h${from}${e.cost.usdPer1mOutputTokens != null ? ` · $${e.cost.usdPer1mOutputTokens.toFixed(2)} per 1M output tokens` : ''}`);
  } else if (e.cost) lines.push(`cost: no price known for ${e.gpu?.id} (pass --gpu-price USD_PER_GPU_HOUR)`);
  const lever = biggestLever(input, e);
  if (lever) lines.push(`biggest lever: ${lever.message}`);
  lines.push(`assumes: ${e.assumptions.join('; ')}`);
  return lines.join('\n');
}
