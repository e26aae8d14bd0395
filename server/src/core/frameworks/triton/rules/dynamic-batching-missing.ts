/**
 * A model that accepts batches (max_batch_size > 1) without a batching scheduler: Triton
 * runs each request as it arrives, so concurrent single requests never share a batch.
 * LLM backends that batch inside the engine (vLLM, TensorRT-LLM inflight batching) are
 * left alone, and so are ONNX Runtime and TensorRT models: with auto-complete (on by
 * default) those backends turn the dynamic batcher on themselves when max_batch_size > 1
 * and no scheduler is given (Triton's model_configuration.md, "Default Max Batch Size
 * and Dynamic Batcher").
 */
import { defineRule } from '../../../rules/rule';
import { appendTopLevel, insertIntoMap } from '../../../editing/edits';
import { configOf, fmt, isEnsemble, isObj, isTemplate, keyRangeAt, mapEntries, maxBatchSize, resolvePlatform, str, type Obj } from './model-config';

/** The string value of a `parameters { key: K value { string_value: V } }` entry. */
function parameter(cfg: Obj, key: string): string | undefined {
  const e = mapEntries(cfg.parameters).filter((x) => x.effective && x.key === key)[0];
  return e && isObj(e.value) ? str(e.value.string_value) : undefined;
}

/** True when the engine behind the backend forms its own batches. */
function batchesInternally(cfg: Obj): boolean {
  const backend = str(cfg.backend) ?? '';
  if (backend === 'vllm') return true;
  if (backend === 'tensorrtllm') {
    const strategy = parameter(cfg, 'batching_strategy');
    // Inflight batching is the default and the norm; only the V1 strategy relies on Triton.
    return strategy === undefined || isTemplate(strategy) || /inflight/i.test(strategy);
  }
  return false;
}

export const dynamicBatchingMissing = defineRule({
  id: 'triton/dynamic-batching-missing',
  appliesTo: { formats: ['triton'] },
  severity: 'warning',
  title: 'Batching model without dynamic_batching',
  fix: 'unsafe',
  sources: ['ServeScope capacity rule (issue 5 §2); triton-inference-server/server `docs/user_guide/model_configuration.md` "Default Max Batch Size and Dynamic Batcher" and `docs/user_guide/batcher.md` (@e1db8a60)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg || isEnsemble(cfg) || batchesInternally(cfg)) return;
    // Unknown backend (inferred from model files) or one whose auto-complete adds the batcher.
    const r = resolvePlatform(cfg);
    if (!r || r.backend === 'onnxruntime' || r.backend === 'tensorrt') return;
    const max = maxBatchSize(cfg);
    if (max === undefined || max <= 1) return;
    if (cfg.dynamic_batching !== undefined || cfg.sequence_batching !== undefined || cfg.ensemble_scheduling !== undefined) return;
    ctx.report({
      message: `max_batch_size is ${fmt(max)} but there is no dynamic_batching: Triton runs every request on its own, so concurrent requests never share a batch of up to ${fmt(max)}. Add dynamic_batching { } to let the server combine them.`,
      range: keyRangeAt(ctx.analysis, ['max_batch_size']),
    });
  },
  fixes(_finding, a) {
    const root = a.root;
    const edit = root?.kind === 'map' && root.pairs.length > 0 ? insertIntoMap(a.text, root, 'dynamic_batching { }', 'pbtxt') : appendTopLevel(a.text, 'dynamic_batching { }');
    return [{ title: 'Add dynamic_batching { }', edits: [edit] }];
  },
});
