/**
 * The estimate shown when hovering a key that shapes capacity (model, parallelism,
 * memory and batching keys, and Ray's accelerator_type): memory per GPU, KV tokens,
 * concurrency, speed and cost, the assumptions behind them, and the single change
 * that would help most (measured by re-running the engine, not guessed).
 */
import type { Analysis } from '../analysis';
import type { ServedDeployment } from '../plan';
import type { PlanEstimate } from '../capacity/planEstimate';
import { biggestLever } from '../capacity/levers';
import type { Estimate } from '../capacity/types';
import type { PairNode } from '../types';
import { formatSlo } from '../planner/slo';

export function capacityHover(a: Omit<Analysis, 'findings'>, pair: PairNode, _path: string[]): string | undefined {
  const i = a.plan?.deployments.findIndex((d) => keyStarts(d).has(pair.key.range.start)) ?? -1;
  if (i < 0) return undefined;
  const pe = a.estimates[i];
  if (!pe) return undefined;
  return renderEstimate(pe);
}

/** Start offsets of every key the deployment's plan values came from. */
function keyStarts(d: ServedDeployment): Set<number> {
  const out = new Set<number>();
  const groups = [d.model, d.hardware, d.parallelism, d.admission] as unknown as Record<string, { keyRange?: { start: number } } | undefined>[];
  for (const g of groups) for (const v of Object.values(g)) if (v && typeof v === 'object' && v.keyRange) out.add(v.keyRange.start);
  for (const v of Object.values(d.replicas)) if (v?.keyRange) out.add(v.keyRange.start);
  return out;
}

const n0 = (x: number) => Math.round(x).toLocaleString('en-US');
const g2 = (x: number) => x.toFixed(2);

export function renderEstimate(pe: PlanEstimate): string {
  const e = pe.estimate;
  if (!e) {
    return pe.missing.length ? `**ServeScope estimate** — to estimate memory and speed, set ${pe.missing.join(' and ')}.` : '';
  }
  if (!e.ok || !e.memory) {
    const why = (e.unknown ?? []).map((u) => `- ${u.message} (set \`${u.setting}\`)`).join('\n');
    return `**ServeScope estimate** — not available:\n${why}`;
  }
  const m = e.memory;
  const lines: string[] = [];
  const gpus = e.tensorParallel * e.pipelineParallel;
  lines.push(`**ServeScope estimate** — \`${e.model?.id}\` on ${e.gpu?.id} × ${gpus} (TP ${e.tensorParallel}${e.pipelineParallel > 1 ? `, PP ${e.pipelineParallel}` : ''})`);
  lines.push('');
  lines.push('| per GPU | GiB |', '|---|---:|');
  lines.push(`| weights | ${g2(m.weightsGib)} |`);
  if (pe.input?.trtllm) {
    lines.push(`| runtime buffers, decoder, context | ${g2(m.activationGib)} |`);
  } else {
    lines.push(`| activation (profile peak) | ${g2(m.activationGib)} |`);
    lines.push(`| non-torch + CUDA graphs | ${g2(m.nonTorchGib + m.cudaGraphGib)} |`);
  }
  lines.push(`| KV cache | ${g2(m.kvCacheGib)} |`);
  lines.push(`| budget (${g2(m.budgetGib)} of ${g2(m.totalGib)}) | |`);
  lines.push('');
  lines.push(
    m.fits
      ? `KV cache: **${n0(m.kvCacheTokens)} tokens** · max concurrency **${m.maxConcurrency.toFixed(1)}×** at max_model_len ${n0(m.maxModelLen)}`
      : `**Would not start:** ${m.problems.filter((p) => p.severity === 'error').map((p) => p.message).join(' ')}`,
  );
  const t = e.throughput;
  if (t && m.fits) {
    const cost = e.cost?.usdPer1mOutputTokens != null ? ` · **$${e.cost.usdPer1mOutputTokens.toFixed(2)}** per 1M output tokens ($${e.cost.usdPerHour?.toFixed(2)}/h)` : ' · cost: no price known (set servescope.gpuPrices)';
    lines.push(`At ${t.concurrency} concurrent requests: **${n0(t.outputTokS)} tok/s** output · TPOT ${t.tpotMs.toFixed(1)} ms · TTFT ${n0(t.ttftMs)} ms${cost}`);
    lines.push(`Saturation: ${n0(t.saturationTokS)} tok/s with ${t.saturationBatch} sequences running (decode at ${t.concurrency}: ${t.bound}-bound)`);
  }
  const fleet = fleetLine(pe, e);
  if (fleet && m.fits) lines.push(fleet);
  const sla = slaLines(pe);
  if (sla.length && m.fits) lines.push('', ...sla);
  const lever = pe.input ? biggestLever(pe.input, e) : undefined;
  if (lever) lines.push('', `💡 ${lever.message}`);
  lines.push('', `_Assumes: ${assumptionLine(pe, e)}_`);
  return lines.join('\n');
}

/** The deployment at the user's traffic and SLO: its operating point and what its replica settings serve. */
function slaLines(pe: PlanEstimate): string[] {
  const sla = pe.sla;
  if (!sla?.targets.traffic || !sla.targets.slo || !sla.op) return [];
  const slo = formatSlo(sla.targets.slo);
  const peak = sla.targets.traffic.peakRps;
  const op = sla.op;
  const where = sla.targets.origin === 'modeline' ? '# servescope comment' : 'servescope.traffic / servescope.slo';
  if (op.maxRps === 0) return [`**At your traffic** (${peak} req/s peak, \`${slo}\`, from the ${where}): no rate meets the SLO on this engine, even one request at a time; see \`servescope plan\`.`];
  const at = op.at;
  const out = [
    `**At your traffic** (${peak} req/s peak, \`${slo}\`, from the ${where}): one replica meets the SLO up to **${r2(op.maxRps)} req/s** ` +
      `(p95 TTFT ${n0(at.ttftMs.p95)} ms, p95 TPOT ${at.tpotMs.p95.toFixed(1)} ms, ${r2(sla.ongoingAtOperatingPoint ?? 0)} requests in flight)` +
      (op.kneeRps !== undefined ? `; latency takes off near ${r2(op.kneeRps)} req/s` : ''),
  ];
  const r = pe.deployment.replicas;
  const lo = r.fixed?.value ?? r.min?.value ?? 1;
  const hi = r.fixed?.value ?? r.max?.value ?? lo;
  out.push(`${lo === hi ? `${lo} replica${lo === 1 ? '' : 's'}` : `${lo}–${hi} replicas`} serve ${lo === hi ? r2(lo * op.maxRps) : `${r2(lo * op.maxRps)}–${r2(hi * op.maxRps)}`} req/s within the SLO; the peak needs ${sla.replicasForPeak} (${sla.replicasPlanned} with one spare).`);
  if (r.targetOngoing && sla.ongoingAtOperatingPoint !== undefined) {
    const t = r.targetOngoing.value;
    out.push(t <= sla.ongoingAtOperatingPoint ? `target_ongoing_requests ${t} scales out before a replica reaches its SLO operating point (${r2(sla.ongoingAtOperatingPoint)} in flight).` : `target_ongoing_requests ${t} is above the ${r2(sla.ongoingAtOperatingPoint)} in flight at the SLO operating point: replicas break the SLO before Ray scales out.`);
  }
  return out;
}

const r2 = (x: number) => (Math.round(x * 100) / 100).toString();

function assumptionLine(pe: PlanEstimate, e: Estimate): string {
  const where = pe.hardwareOrigin === 'file' ? 'GPU from the file' : pe.hardwareOrigin === 'modeline' ? 'GPU from the # servescope comment' : 'GPU from servescope.hardware.gpu';
  const model = pe.deployment.modelFromComment
    ? "model from the # servescope comment, served by vLLM over the service's GPUs with vLLM's defaults (the service's own engine arguments are in its code)"
    : '';
  const w = pe.input?.workload;
  const from = pe.concurrencyOrigin === 'file' ? "the file's admission limit" : pe.concurrencyOrigin === 'setting' ? 'servescope.workload.concurrency' : 'the default; set servescope.workload.concurrency';
  const load = w ? `${n0(w.inputLen)} in / ${n0(w.outputLen)} out tokens per request, ${w.concurrency} concurrent (${from})` : '';
  return [where, model, load, ...e.assumptions].filter(Boolean).join(' · ');
}

/**
 * What the deployment costs and serves across its replicas (fixed, or the autoscaling
 * range): the figures a fleet is sized by. Per-replica numbers times the count; replicas
 * share no GPUs.
 */
function fleetLine(pe: PlanEstimate, e: Estimate): string | undefined {
  const r = pe.deployment.replicas;
  const lo = r.fixed?.value ?? r.min?.value ?? r.initial?.value;
  const hi = r.fixed?.value ?? r.max?.value;
  if (lo === undefined && hi === undefined) return undefined;
  const a = Math.max(0, lo ?? hi ?? 1);
  const b = Math.max(a, hi ?? a);
  if (b <= 1) return undefined;
  const range = (x: number, y: number, f: (v: number) => string) => (x === y ? f(x) : `${f(x)}–${f(y)}`);
  const gpus = e.tensorParallel * e.pipelineParallel;
  const parts = [`**Fleet:** ${range(a, b, String)} replicas × ${gpus} ${e.gpu?.id ?? 'GPU'} = ${range(a * gpus, b * gpus, String)} GPUs`];
  const hour = e.cost?.usdPerHour;
  if (hour != null) parts.push(`${range(a * hour, b * hour, (v) => `$${v.toFixed(2)}`)}/h`);
  if (e.throughput) parts.push(`up to ${range(a * e.throughput.saturationTokS, b * e.throughput.saturationTokS, n0)} tok/s at saturation`);
  return parts.join(' · ');
}