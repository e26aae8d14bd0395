/** The vLLM backend streams responses and needs the decoupled transaction policy. */
import type { Rule } from '../../../rules/rule';
import { configOf, isObj, modelName, nodeAt, rangeAt, truthy } from './model-config';

export const vllmBackendDecoupledFalse: Rule = {
  id: 'triton/vllm-backend-decoupled-false',
  appliesTo: { formats: ['triton'] },
  defaultSeverity: 'error',
  title: 'vLLM backend model with decoupled: false',
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
  fix(_finding, a) {
    const node = nodeAt(a, ['model_transaction_policy', 'decoupled']).node;
    return node ? [{ title: 'Set decoupled to true', edits: [{ range: node.range, newText: 'true' }], preferred: true }] : [];
  },
};
