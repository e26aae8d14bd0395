/**
 * Inside a Ray Serve LLM config's engine_kwargs the user is writing vLLM engine
 * arguments: completion and hover use the vLLM schema there, as validation does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { completionsAt } from '../../server/src/core/editing/completion';
import { hoverAt } from '../../server/src/core/editing/hover';

const app = (engineKwargs: string) =>
  `applications:\n  - name: llm\n    import_path: ray.serve.llm:build_openai_app\n    args:\n      llm_configs:\n        - model_loading_config:\n            model_id: m\n          engine_kwargs:\n${engineKwargs}`;

function at(text: string): { a: ReturnType<typeof analyze>; offset: number } {
  const offset = text.indexOf('|');
  return { a: analyze({ uri: 'file:///repo/serve/llm_app.yaml', text: text.replace('|', '') }), offset };
}

test('keys offered in engine_kwargs are vLLM engine arguments, in underscore form', () => {
  const { a, offset } = at(app('            tensor_parallel_size: 2\n            |\n'));
  const labels = completionsAt(a, offset)!.items.map((i) => i.label);
  for (const k of ['max_model_len', 'gpu_memory_utilization', 'kv_cache_dtype']) assert.ok(labels.includes(k), `${k} missing from ${labels.slice(0, 20).join()}`);
  assert.ok(!labels.includes('tensor_parallel_size'), 'already written');
  assert.ok(!labels.includes('max-model-len'), 'Ray passes Python kwargs: no dashes');
  // Ray sets these from model_loading_config and rejects them here (rayserve/llm-engine-kwargs-model-key).
  assert.ok(!labels.includes('model') && !labels.includes('served_model_name'), 'model keys offered where Ray rejects them');
});

test("values offered after kv_cache_dtype: are vLLM's", () => {
  const { a, offset } = at(app('            kv_cache_dtype: |\n'));
  const labels = completionsAt(a, offset)!.items.map((i) => i.label);
  assert.ok(labels.includes('fp8') && labels.includes('auto'), labels.join());
});

test('hover on an engine argument shows its vLLM documentation', () => {
  const { a } = at(app('            tensor_parallel_size: 2\n'));
  const h = hoverAt(a, a.text.indexOf('tensor_parallel_size') + 3);
  assert.match(JSON.stringify(h), /\*\*tensor_parallel_size\*\*.*tensor parallelism/);
});
