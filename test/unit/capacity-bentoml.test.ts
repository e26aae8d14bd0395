/**
 * BentoML services name their model in Python, so the capacity model sizes a GPU
 * service only when `# servescope: model=...` says what it serves; it then shows
 * the estimate but raises no capacity findings, since the real engine arguments
 * are unknown. The service's traffic.max_concurrency caps the concurrency quoted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { renderEstimate } from '../../server/src/core/editing/capacityHover';

const config = (modeline: string, gpu: number, maxConcurrency = 4) =>
  `${modeline}\nversion: 2\nservices:\n  LLM:\n    resources:\n      gpu: ${gpu}\n      gpu_type: nvidia-l4\n    traffic:\n      max_concurrency: ${maxConcurrency}\n`;
const run = (text: string) => analyze({ uri: 'file:///ws/bentoml_configuration.yaml', text });

test('a model= comment turns a GPU service into a vLLM estimate over its GPUs, at the concurrency the service admits', () => {
  const a = run(config('# servescope: model=Qwen/Qwen2.5-7B-Instruct', 2));
  const pe = a.estimates[0];
  assert.equal(pe.deployment.engine, 'vllm');
  assert.equal(pe.estimate?.ok, true);
  assert.equal(pe.estimate?.tensorParallel, 2);
  assert.equal(pe.estimate?.gpu?.id, 'L4');
  assert.equal(pe.input?.workload?.concurrency, 4);
  const md = renderEstimate(pe);
  assert.match(md, /At 4 concurrent requests/);
  assert.match(md, /4 concurrent \(the file's admission limit\)/);
  assert.match(md, /model from the # servescope comment/);
});

test('the estimate may say the server would not start, but no capacity diagnostic is raised on guessed arguments', () => {
  const a = run(config('# servescope: model=meta-llama/Llama-3.1-70B-Instruct', 1, 64));
  const pe = a.estimates[0];
  assert.equal(pe.estimate?.memory?.fits, false);
  assert.match(renderEstimate(pe), /Would not start/);
  assert.deepEqual(a.findings.filter((f) => f.code.startsWith('capacity/')), []);
  assert.equal(pe.input?.workload?.concurrency, 16, 'a cap above the default does not raise the quoted concurrency');
});

test('without a model= comment a GPU service is not sized', () => {
  const a = run(config('# servescope: gpu=L4', 1));
  assert.equal(a.estimates[0].deployment.engine, 'other');
  assert.equal(a.estimates[0].estimate, undefined);
});
