/**
 * dynamic_batching on a model with max_batch_size 0: Triton accepts it, but a model
 * without a batch dimension is never batched, so the batching settings do nothing.
 * Queueing settings (priorities, queue policies) still work and keep the block quiet.
 */
import { defineRule } from '../../../rules/rule';
import { configOf, isObj, keyRangeAt, list, maxBatchSize } from './model-config';

const QUEUE_FIELDS = ['priority_levels', 'default_priority_level', 'default_queue_policy', 'priority_queue_policy', 'preserve_ordering'];

export const dynamicBatchingWithoutBatching = defineRule({
  id: 'triton/dynamic-batching-without-batching',
  appliesTo: { formats: ['triton'] },
  severity: 'warning',
  title: 'dynamic_batching on a model with max_batch_size 0',
  fix: 'none',
  sources: ['ServeScope rule (issue 5 §2); `NormalizeModelConfig` in triton-inference-server/core `src/model_config_utils.cc` (@73aad7c3, 2026-06-09) adds no preferred size when max_batch_size is 0'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    const db = cfg?.dynamic_batching;
    if (!cfg || !isObj(db) || maxBatchSize(cfg) !== 0) return;
    // Preferred sizes with max_batch_size 0 are an error of their own (preferred-batch-size-above-max).
    if (list(db.preferred_batch_size).length > 0 || QUEUE_FIELDS.some((f) => db[f] !== undefined)) return;
    ctx.report({
      message: `max_batch_size is 0, so the model has no batch dimension and dynamic_batching never forms a batch: requests still run one at a time. Set max_batch_size if the model accepts a batch dimension, or remove dynamic_batching.`,
      range: keyRangeAt(ctx.analysis, ['dynamic_batching']),
    });
  },
});
