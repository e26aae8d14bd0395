/**
 * The one-line capacity summary at the top of a file (code lens and status bar), e.g.
 * `H100-SXM-80GB×1 · 51.6 GiB KV · 423k tokens · 25.8× @16k · ~3.1k tok/s`.
 */
import type { Analysis } from '../analysis';

const short = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(1)}M` : x >= 1e3 ? `${Math.round(x / 1e3)}k` : String(Math.round(x)));

export function summaryLine(a: Pick<Analysis, 'estimates'>): string | undefined {
  const withEst = a.estimates.filter((p) => p.estimate?.ok && p.estimate.memory);
  if (!withEst.length) return undefined;
  const e = withEst[0].estimate!;
  const m = e.memory!;
  const gpus = e.tensorParallel * e.pipelineParallel;
  const parts = [`${e.gpu?.id}×${gpus}`];
  if (!m.fits) parts.push(`won't start: ${m.problems.find((p) => p.severity === 'error')?.code ?? 'out of memory'}`);
  else {
    parts.push(`${m.kvCacheGib.toFixed(1)} GiB KV`, `${short(m.kvCacheTokens)} tokens`, `${m.maxConcurrency.toFixed(1)}× @${short(m.maxModelLen)}`);
    if (e.throughput) parts.push(`~${short(e.throughput.outputTokS)} tok/s`);
  }
  const more = withEst.length > 1 ? ` (+${withEst.length - 1} more)` : '';
  return parts.join(' · ') + more;
}
