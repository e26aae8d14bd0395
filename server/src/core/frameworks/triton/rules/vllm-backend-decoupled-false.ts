/** The vLLM backend streams responses and needs the decoupled transaction policy. */
import { defineRule } from '../../../rules/rule';
import { configOf, isObj, modelName, nodeAt, rangeAt, truthy } from './model-config';

export const vllmBackendDecoupledFalse = defineRule({
  id: 'triton/vllm-backend-decoupled-false',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'vLLM backend model with decoupled: false',
  fix: 'unsafe',
  sources: ['triton-inference-server/vllm_backend `src/model.py` `TritonPythonModel.auto_complete_config` (@8de0c14, 2026-01-09) and triton-inference-server/python_backend `triton_python_backend_utils.py` `ModelConfig.set_max_batch_size` / `set_model_transaction_policy`'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    const p = cfg?.model_transaction_policy;
    // Left out, the backend's auto-complete turns it on; only an explicit false conflicts.
    if (!cfg || cfg.backend !== 'vllm' || !isObj(p) || p.decoupled === undefined || truthy(p.decoupled)) return;
    if (typeof p.decoupled === 'string' && p.decoupled.includes('${')) return;
    ctx.report({
      message: `The vLLM backend needs the decoupled transaction policy; with decoupled set to false loading fails ("trying to change decoupled property in auto-complete-config for model '${modelName(cfg)}', which is already set to 'False'."). Set decoupled: true or leave it out.`,
      range: rangeAt(ctx.analysis, ['model_transaction_policy', 'decoupled']),
    });
  },
  fixes(_finding, a) {
    const node = nodeAt(a, ['model_transaction_policy', 'decoupled']).node;
    return node ? [{ title: 'Set decoupled to true', edits: [{ range: node.range, newText: 'true' }] }] : [];
  },
});
