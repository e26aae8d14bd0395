/**
 * The vLLM backend batches inside the engine: its auto-complete sets max_batch_size 0
 * and refuses a config that asks for more.
 */
import { defineRule } from '../../../rules/rule';
import { replaceScalar } from '../../../editing/edits';
import { configOf, fmt, int, modelName, nodeAt, rangeAt } from './model-config';

export const vllmBackendMaxBatchSize = defineRule({
  id: 'triton/vllm-backend-max-batch-size',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'vLLM backend model with max_batch_size above 0',
  fix: 'unsafe',
  sources: ['triton-inference-server/vllm_backend `src/model.py` `TritonPythonModel.auto_complete_config` (@8de0c14, 2026-01-09) and triton-inference-server/python_backend `triton_python_backend_utils.py` `ModelConfig.set_max_batch_size` / `set_model_transaction_policy`'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    const max = cfg ? int(cfg.max_batch_size) : undefined;
    if (!cfg || cfg.backend !== 'vllm' || !max || max <= 0) return;
    ctx.report({
      message: `The vLLM backend batches inside the engine and sets max_batch_size to 0; with ${fmt(max)} here loading fails ("configuration specified max_batch_size ${max}, but in auto-complete-config function for model '${modelName(cfg)}' specified max_batch_size 0"). Set max_batch_size: 0 and size batching with max_num_seqs in model.json.`,
      range: rangeAt(ctx.analysis, ['max_batch_size']),
    });
  },
  fixes(_finding, a) {
    const node = nodeAt(a, ['max_batch_size']).node;
    return node ? [{ title: 'Set max_batch_size to 0', edits: [replaceScalar(a.text, node, 0)] }] : [];
  },
});
