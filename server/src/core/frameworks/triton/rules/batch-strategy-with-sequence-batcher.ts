/** A custom batching strategy only works with the dynamic batcher; the sequence batcher ignores it. */
import { defineRule } from '../../../rules/rule';
import { deletePair } from '../../../editing/edits';
import { configOf, isObj, keyRangeAt, mapEntries, nodeAt, rangeAt } from './model-config';

const KEY = 'TRITON_BATCH_STRATEGY_PATH';

export const batchStrategyWithSequenceBatcher = defineRule({
  id: 'triton/batch-strategy-with-sequence-batcher',
  appliesTo: { formats: ['triton'] },
  severity: 'warning',
  title: 'TRITON_BATCH_STRATEGY_PATH with sequence batching',
  fix: 'safe',
  sources: ['triton-inference-server/core `src/backend_model.cc` `SetConfiguredScheduler` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg || !isObj(cfg.sequence_batching)) return;
    for (const e of mapEntries(cfg.parameters)) {
      if (!e.effective || e.key !== KEY) continue;
      ctx.report({
        message: `${KEY} has no effect with sequence_batching: Triton logs "TRITON_BATCH_STRATEGY_PATH cannot be specified with sequence batcher, using default batching strategy" and ignores it. Remove the parameter, or use dynamic_batching for the custom strategy.`,
        range: rangeAt(ctx.analysis, ['parameters', e.index, 'key']),
        related: [{ range: keyRangeAt(ctx.analysis, ['sequence_batching']), message: 'sequence batching set here' }],
        data: { index: e.index },
      });
    }
  },
  fixes(finding, a) {
    const i = finding.data?.index;
    const entry = typeof i === 'number' ? nodeAt(a, ['parameters', i]).node : null;
    const root = a.root;
    // Only a standalone `parameters { ... }` block can go without touching its neighbours.
    const pair = root?.kind === 'map' ? root.pairs.find((p) => p.value === entry) : undefined;
    return pair ? [{ title: `Remove the ${KEY} parameter`, edits: [deletePair(a.text, pair.range)] }] : [];
  },
});
