/**
 * Inputs and outputs without data_type or dims where nothing will fill them in: an
 * ensemble (it has no model file to read), the PyTorch backend, whose auto-complete
 * only logs that it is not supported, or any backend when the user says the server
 * runs with --disable-auto-complete-config. Otherwise Triton's default auto-complete
 * may read both from the model file, so they are not judged.
 */
import { defineRule } from '../../../rules/rule';
import { configOf, isEnsemble, modelName, rangeAt, resolvePlatform } from './model-config';
import { ioLabel, ioTensors } from './io-tensors';

export const ioDataTypeDimsMissing = defineRule({
  id: 'triton/io-data-type-dims-missing',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Input or output without data_type or dims that auto-complete cannot fill',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateIOShape` (@73aad7c3, 2026-06-09); triton-inference-server/pytorch_backend `src/pt/model_state.cc` and `src/pt2/model_state.cc` `ModelState::AutoCompleteConfig` (@266fd386, 2026-05-13)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    const ensemble = isEnsemble(cfg);
    const why = ensemble
      ? 'an ensemble has no model file for auto-complete to read'
      : resolvePlatform(cfg)?.backend === 'pytorch'
        ? 'the PyTorch backend does not auto-complete model configs ("skipping model configuration auto-complete ... not supported for pytorch backend")'
        : !ctx.analysis.settings.triton.autoCompleteConfig
          ? 'the server runs with --disable-auto-complete-config (setting servescope.triton.autoCompleteConfig: false)'
          : undefined;
    if (!why) return;
    for (const t of ioTensors(cfg)) {
      // A nameless tensor is triton/io-required-fields' finding; Triton stops there first.
      if (!t.name) continue;
      for (const field of ['data_type', 'dims'] as const) {
        const v = t.io[field];
        // ValidateIOShape: TYPE_INVALID is the unset enum value and an empty dims list has dims_size() 0.
        const unset = v === undefined || (field === 'data_type' ? v === 'TYPE_INVALID' : Array.isArray(v) && v.length === 0);
        if (!unset) continue;
        const r = rangeAt(ctx.analysis, t.path);
        ctx.report({
          message: `"${ioLabel(t)} must specify '${field}'": Triton refuses to load ${modelName(cfg)}, since ${why}. Add the tensor's ${field === 'dims' ? 'shape (dims, without the batch dimension)' : 'data_type'}.`,
          range: { start: r.start, end: Math.min(r.end, r.start + 1) },
        });
      }
    }
  },
});
