/**
 * Every generated autoscaling artifact, byte for byte, against reviewed golden files in
 * test/fixtures/autoscale/. After an intended change, regenerate with
 * `SERVESCOPE_UPDATE_GOLDEN=1 node --import tsx --test test/unit/autoscale-golden.test.ts`
 * and read the diff before committing it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { golden as goldenFile } from './golden';
import { renderAutoscaling } from '../../server/src/core/autoscale';
import { ARTIFACTS, PLANS } from './autoscale-cases';

const DIR = path.resolve(__dirname, '..', 'fixtures', 'autoscale');
const golden = (file: string, actual: string) => goldenFile(DIR, file, actual);

describe('autoscale golden files', () => {
  for (const a of ARTIFACTS) test(a.file, () => golden(a.file, renderAutoscaling(a.format, a.plan, 'options' in a ? a.options : {})));
});

describe('what the generated files say', () => {
  test('every derived number has its reason in a comment right above it', () => {
    for (const a of ARTIFACTS) {
      const lines = renderAutoscaling(a.format, a.plan, 'options' in a ? a.options : {}).split('\n');
      for (const [key, d] of [['min', a.plan.minReplicas], ['max', a.plan.maxReplicas]] as const) {
        const i = lines.findIndex((l) => new RegExp(`^\\s*${key}(_replicas|Replicas|ReplicaCount): ${d.value}$`).test(l));
        assert.ok(i > 0, `${a.file}: no ${key} bound`);
        assert.equal(lines[i - 1].trim(), `# ${d.why}`, `${a.file}: the ${key} bound's reason`);
      }
    }
  });

  test('the vLLM queries sum to one series and use only names from the metric table', () => {
    const keda = renderAutoscaling('keda', PLANS.vllm);
    assert.match(keda, /query: "sum\(vllm:num_requests_waiting\{model_name=\\"meta-llama\/Llama-3\.1-8B-Instruct\\"\}\)"/);
    assert.doesNotMatch(keda, /gpu_cache_usage_perc|vllm_avg_batch_size|time_per_output_token/);
    assert.match(keda, /threshold: "5"/);
  });

  test('Triton scales on the mean queue time from the queue-duration and success counters', () => {
    const keda = renderAutoscaling('keda', PLANS.triton);
    assert.match(keda, /sum\(rate\(nv_inference_queue_duration_us\{model=\\"llama_vllm\\"\}\[2m\]\)\) \/ clamp_min\(sum\(rate\(nv_inference_request_success\{model=\\"llama_vllm\\"\}\[2m\]\)\), 0\.001\) \/ 1000/);
    assert.match(keda, /metricType: Value/);
    // The HPA reads the series in its own unit, µs.
    assert.match(renderAutoscaling('hpa', PLANS.triton), /value: "378000"/);
  });

  test('Ray Serve and BentoML have no Kubernetes autoscaler', () => {
    assert.throws(() => renderAutoscaling('keda', PLANS.rayserve), /scales itself/);
  });
});
