/**
 * Where a Ray Serve file's vLLM engine arguments are found: a file that does not spell
 * `engine_kwargs` skips the search, so a key spelled with a YAML escape must still count.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';

const ray = (key: string) => `applications:
  - name: chat
    route_prefix: /chat
    import_path: ray.serve.llm:build_llm_deployment
    args:
      model_loading_config:
        model_id: Qwen/Qwen2.5-7B-Instruct
      ${key}:
        max_model_len: 16384
        enable_chunked_prefill: false
        max_num_batched_tokens: 4096
`;

const codes = (text: string) => analyze({ uri: 'file:///w/serve_config.yaml', text, languageId: 'yaml' }).findings.map((f) => f.code);

for (const key of ['engine_kwargs', '"engine\\u005fkwargs"', '"engine\\x5fkwargs"']) {
  test(`engine arguments under ${key} are checked`, () => {
    assert.ok(codes(ray(key)).includes('vllm/max-num-batched-tokens-below-max-model-len'));
  });
}

test('a file without engine arguments reports no argument-combination finding', () => {
  assert.ok(!codes(ray('runtime_env')).some((c) => c === 'vllm/max-num-batched-tokens-below-max-model-len'));
});
