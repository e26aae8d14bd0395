/** dynamic_batching.preferred_batch_size entries above max_batch_size (every entry when it is 0). */
import { defineRule } from '../../../rules/rule';
import { deletePair, replaceScalar } from '../../../editing/edits';
import type { MapNode, OffsetRange, SourceNode, TextEditOffsets } from '../../../types';
import { configOf, fmt, int, isObj, keyRangeAt, list, maxBatchSize, modelName, nodeAt, rangeAt, type AnalysisView } from './model-config';

export const preferredBatchSizeAboveMax = defineRule({
  id: 'triton/preferred-batch-size-above-max',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'preferred_batch_size larger than max_batch_size',
  fix: 'unsafe',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateModelConfig`, `NormalizeModelConfig` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    const db = cfg?.dynamic_batching;
    if (!cfg || !isObj(db)) return;
    const max = maxBatchSize(cfg);
    if (max === undefined || max < 0) return;
    const sizes = list(db.preferred_batch_size);
    const quote = `"dynamic batching preferred size must be <= max batch size for ${modelName(cfg)}"`;
    if (max === 0) {
      if (!sizes.some((s) => int(s) !== undefined && int(s)! > 0)) return;
      ctx.report({
        message: `max_batch_size is 0 (the model does not batch), so no preferred batch size is allowed; Triton rejects the config (${quote}). Remove preferred_batch_size, or set max_batch_size if the model has a batch dimension.`,
        range: keyRangeAt(ctx.analysis, ['dynamic_batching', 'preferred_batch_size']),
        data: { action: 'remove-all' },
      });
      return;
    }
    // The first offending entry becomes max_batch_size unless that is already listed; later ones go.
    let haveMax = sizes.some((s) => s === max);
    sizes.forEach((s, i) => {
      const n = int(s);
      if (n === undefined || n <= max) return;
      const action = haveMax && i > 0 ? 'remove' : 'clamp';
      haveMax = true;
      ctx.report({
        message: `Preferred batch size ${fmt(n)} is above max_batch_size ${fmt(max)}; Triton rejects the config (${quote}). ${action === 'clamp' ? `Use ${fmt(max)}` : 'Remove it'} or raise max_batch_size.`,
        range: rangeAt(ctx.analysis, ['dynamic_batching', 'preferred_batch_size', i]),
        data: { action, index: i, max },
      });
    });
  },
  fixes(finding, a) {
    const d = finding.data ?? {};
    if (d.action === 'remove-all') {
      const db = nodeAt(a, ['dynamic_batching']).node;
      if (db?.kind !== 'map') return [];
      const edits = db.pairs.filter((p) => p.key.value === 'preferred_batch_size').map((p) => deletePair(a.text, p.range));
      return [{ title: 'Remove preferred_batch_size', edits }];
    }
    const i = typeof d.index === 'number' ? d.index : -1;
    const max = typeof d.max === 'number' ? d.max : undefined;
    const item = nodeAt(a, ['dynamic_batching', 'preferred_batch_size', i]).node;
    if (!item || max === undefined) return [];
    if (d.action === 'clamp') return [{ title: `Set to max_batch_size (${fmt(max)})`, edits: [replaceScalar(a.text, item, max)] }];
    const edit = removeItem(a, item);
    return edit ? [{ title: `Remove preferred size ${item.kind === 'scalar' ? item.source : ''}`.trim(), edits: [edit] }] : [];
  },
});

/** Deletes one entry: with the separator before it inside a list, or its whole `key: value` line. */
function removeItem(a: AnalysisView, item: SourceNode): TextEditOffsets | undefined {
  const db = nodeAt(a, ['dynamic_batching']).node as MapNode | null;
  if (db?.kind !== 'map') return undefined;
  for (const p of db.pairs) {
    if (p.value === item) return deletePair(a.text, p.range);
    if (p.value?.kind !== 'seq') continue;
    const k = p.value.items.indexOf(item);
    if (k > 0) {
      const range: OffsetRange = { start: p.value.items[k - 1].range.end, end: item.range.end };
      return { range, newText: '' };
    }
  }
  return undefined;
}
