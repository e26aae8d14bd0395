/** An empty reshape makes a scalar, which a non-batching model cannot have. */
import { defineRule } from '../../../rules/rule';
import { configOf, isObj, keyRangeAt, list, maxBatchSize, modelName } from './model-config';
import { ioLabel, ioTensors } from './io-tensors';

export const reshapeEmptyNonBatching = defineRule({
  id: 'triton/reshape-empty-non-batching',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Empty reshape on a model with max_batch_size 0',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateIOShape` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg || maxBatchSize(cfg) !== 0) return;
    for (const t of ioTensors(cfg)) {
      if (!isObj(t.io.reshape) || list(t.io.reshape.shape).length > 0) continue;
      ctx.report({
        message: `${t.side === 'input' ? 'Input' : 'Output'} "${t.name ?? ''}" has an empty reshape on a non-batching model; Triton rejects the config ("${ioLabel(t)} cannot have empty reshape for non-batching model as scalar tensors are not supported for ${modelName(cfg)}").`,
        range: keyRangeAt(ctx.analysis, [...t.path, 'reshape']),
      });
    }
  },
});
