/**
 * max_queue_delay_microseconds is time a request may wait for a batch to fill. Above the
 * declared latency budget (`# servescope: latency_ms=200`), or above 100 ms when none is
 * declared, a lone request at low traffic spends its whole budget waiting.
 */
import { defineRule } from '../../../rules/rule';
import { configOf, fmt, isObj, num, rangeAt, type Path } from './model-config';

const DEFAULT_LIMIT_MS = 100;

export const queueDelayExceedsLatencyBudget = defineRule({
  id: 'triton/queue-delay-exceeds-latency-budget',
  appliesTo: { formats: ['triton'] },
  severity: 'warning',
  title: 'Batching queue delay above the latency budget',
  fix: 'none',
  sources: ['ServeScope capacity rule (issue 5 §2)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    const declared = Number(ctx.analysis.modeline?.facts.latency_ms);
    const budget = Number.isFinite(declared) && declared > 0 ? declared : undefined;
    const limitMs = budget ?? DEFAULT_LIMIT_MS;
    const places: Path[] = [['dynamic_batching', 'max_queue_delay_microseconds']];
    if (isObj(cfg.sequence_batching) && isObj(cfg.sequence_batching.oldest)) places.push(['sequence_batching', 'oldest', 'max_queue_delay_microseconds']);
    for (const p of places) {
      const parent = p.slice(0, -1).reduce<unknown>((o, k) => (isObj(o) ? o[k as string] : undefined), cfg);
      const us = isObj(parent) ? num(parent.max_queue_delay_microseconds) : undefined;
      if (us === undefined || us <= limitMs * 1000) continue;
      const ms = us / 1000;
      ctx.report({
        message: budget
          ? `Queue delay ${fmt(ms)} ms is above the ${fmt(budget)} ms latency budget: at low traffic a request waits the full delay for a batch to fill. Lower max_queue_delay_microseconds well below ${fmt(budget * 1000)}.`
          : `Queue delay ${fmt(ms)} ms: at low traffic a request waits the full delay for a batch to fill. Batching needs at most a few milliseconds; declare a budget with \`# servescope: latency_ms=N\` if this is intended.`,
        range: rangeAt(ctx.analysis, p),
        data: { delayUs: us, budgetMs: limitMs },
      });
    }
  },
});
