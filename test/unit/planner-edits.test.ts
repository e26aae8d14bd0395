/**
 * "Apply to this file": the text after the plan's edits, per framework, with the
 * user's comments and spelling kept; what is left to do by hand; and the refusal
 * when the edited file would carry a new error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, type AnalyzeInput } from '../../server/src/core/analyze';
import { planForDocument, type PlanInputs } from '../../server/src/core/planner/planView';
import { baseFromAnalysis } from '../../server/src/core/planner/planBase';
import { applyOffsets, planEdits } from '../../server/src/core/planner/planEdits';
import type { CandidatePlan } from '../../server/src/core/planner/plan';

const SLO = 'ttft:p95<800ms;tpot:p95<60ms';
/** A Ray Serve LLM application up to its `args:`. */
const RAY_APP = 'applications:\n  - name: llm\n    import_path: ray.serve.llm:build_openai_app\n    args:\n';

/** Plans the document, takes the row picked by `pick` (default the recommendation) and builds its edit. */
function applyPlan(input: Omit<AnalyzeInput, 'text'> & { text: string }, inputs: PlanInputs, pick?: (p: CandidatePlan) => boolean) {
  const run = (text: string) => analyze({ ...input, text });
  const a = run(input.text);
  const { view, result } = planForDocument(a, { slo: SLO, ...inputs }, { requests: 200, curvePoints: 2 });
  assert.ok(view.ok, view.errors.join());
  const b = baseFromAnalysis(a);
  assert.ok(!('error' in b));
  const plan = pick ? result!.plans.find(pick)! : result!.plans[result!.chosen];
  const edit = planEdits(a, b.index, plan, run);
  return { plan, edit, after: applyOffsets(input.text, edit.edits) };
}

test('vLLM: tensor parallel size and max_num_seqs in the file\'s own spelling, comments kept, replicas left to the user', () => {
  const text = '# servescope: gpu=H100-SXM-80GB count=8\n# tuned last week\nmodel: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 8192\nmax-num-seqs: 64 # batch cap\n';
  const { plan, edit, after } = applyPlan({ uri: 'file:///w/serve.yaml', text }, { peakRps: 20 }, (p) => p.candidate.tp === 2);
  assert.equal(edit.refused, undefined);
  assert.equal(after, `# servescope: gpu=H100-SXM-80GB count=8\n# tuned last week\nmodel: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 8192\nmax-num-seqs: 64 # batch cap\ntensor-parallel-size: 2\n`);
  assert.deepEqual(edit.changes, ['tensor-parallel-size: 2 (added)']);
  assert.deepEqual(edit.manual, [`run ${plan.fleet!.replicas} replicas of this server (${plan.fleet!.replicas * 2} GPUs) behind a load balancer: a vLLM config has no replica count`]);
});

test('Ray Serve LLM: engine_kwargs, autoscaling from the average to the peak, and max_ongoing_requests at the engine batch', () => {
  const text = `${RAY_APP}      llm_configs:
        - model_loading_config:
            model_id: qwen
            model_source: Qwen/Qwen2.5-7B-Instruct
          accelerator_type: H100
          deployment_config:
            autoscaling_config: # scale on queue depth
              min_replicas: 1
              max_replicas: 2
          engine_kwargs:
            max_model_len: 8192
            max_num_seqs: 128
`;
  const { plan, edit, after } = applyPlan({ uri: 'file:///w/serve_config.yaml', text }, { peakRps: 30, avgRps: 10, gpu: 'H100-SXM-80GB' });
  assert.equal(edit.refused, undefined, edit.refused);
  const f = plan.fleet!;
  // Rounded down: a target above the in-flight count at the operating point is what capacity/autoscaling-target-above-slo flags.
  const target = Math.floor((plan.op!.maxRps * plan.op!.at.e2eMs.mean) / 1000);
  assert.ok(f.replicasAtAverage < f.replicas, 'the average needs fewer replicas than the peak');
  assert.equal(
    after,
    text.replace(
      `            autoscaling_config: # scale on queue depth
              min_replicas: 1
              max_replicas: 2
          engine_kwargs:
            max_model_len: 8192
            max_num_seqs: 128
`,
      `            autoscaling_config: # scale on queue depth
              min_replicas: ${f.replicasAtAverage}
              max_replicas: ${f.replicas}
              target_ongoing_requests: ${target}
            max_ongoing_requests: 128
          engine_kwargs:
            max_model_len: 8192
            max_num_seqs: 128
            tensor_parallel_size: ${plan.candidate.tp}
`,
    ),
  );
  // The edited file is a valid Ray Serve config with no errors.
  assert.deepEqual(analyze({ uri: 'file:///w/serve_config.yaml', text: after }).findings.filter((x) => x.severity === 'error'), []);
});

test('Ray Serve: a fixed num_replicas is rewritten in place', () => {
  const text = `${RAY_APP}      llm_config:
        model_loading_config:
          model_id: llama
          model_source: meta-llama/Llama-3.1-8B-Instruct
        deployment_config:
          num_replicas: 1
          max_ongoing_requests: 256
        engine_kwargs:
          tensor_parallel_size: 1
          max_num_seqs: 256
          max_model_len: 8192
`;
  const { plan, edit, after } = applyPlan({ uri: 'file:///w/serve_config.yaml', text }, { peakRps: 20, gpu: 'H100-SXM-80GB' }, (p) => p.candidate.tp === 1);
  assert.equal(edit.refused, undefined, edit.refused);
  assert.equal(after, text.replace('num_replicas: 1', `num_replicas: ${plan.fleet!.replicas}`));
  assert.deepEqual(edit.changes, [`num_replicas: 1 → ${plan.fleet!.replicas}`]);
});

test('Triton vLLM backend: one instance per engine, engine arguments and replicas said for model.json and the servers', () => {
  const text = '# servescope: gpu=L4\nbackend: "vllm"\ninstance_group [\n  {\n    count: 2 # two engines\n    kind: KIND_GPU\n  }\n]\n';
  const companions = { '1/model.json': JSON.stringify({ model: 'meta-llama/Llama-3.1-8B-Instruct', max_model_len: 8192, gpu_memory_utilization: 0.85 }) };
  const { plan, edit, after } = applyPlan({ uri: 'file:///repo/llama/config.pbtxt', text, companions }, { peakRps: 4 });
  assert.equal(edit.refused, undefined, edit.refused);
  assert.equal(after, text.replace('count: 2', 'count: 1'));
  assert.deepEqual(edit.changes, ['instance_group count: 2 → 1']);
  assert.ok(edit.manual.includes(`in 1/model.json set "tensor_parallel_size": ${plan.candidate.tp} and "max_num_seqs": ${plan.settings.max_num_seqs} (the vLLM backend reads its engine arguments there)`), edit.manual.join('\n'));
  assert.ok(edit.manual.some((m) => m.startsWith(`run ${plan.fleet!.replicas} Triton servers`) && m.includes('instance_group count stays 1')));
});

test('BentoML: resources.gpu and traffic.max_concurrency of the service, added where missing', () => {
  const text = '# servescope: model=Qwen/Qwen2.5-7B-Instruct\nversion: 2\nservices:\n  VLLMService:\n    resources:\n      gpu: 1\n      gpu_type: nvidia-l4\n    workers: 1\n';
  const { plan, edit, after } = applyPlan({ uri: 'file:///w/bentoml_configuration.yaml', text }, { peakRps: 3 }, (p) => p.candidate.tp === 2);
  assert.equal(edit.refused, undefined, edit.refused);
  assert.equal(after, text.replace('gpu: 1', 'gpu: 2').replace('    workers: 1\n', `    workers: 1\n    traffic:\n      max_concurrency: ${plan.settings.max_num_seqs}\n`));
  assert.ok(edit.manual.some((m) => m.includes('tensor_parallel_size=2') && m.includes("service's Python code")));
});

test('an edit that would add an error is refused, with the rule and its message', () => {
  // The user made replicas past the declared cluster an error; the plan needs more GPUs than the 4 declared.
  const text = `# servescope: count=4
${RAY_APP}      llm_config:
        model_loading_config:
          model_source: meta-llama/Llama-3.1-8B-Instruct
        accelerator_type: L4
        deployment_config:
          num_replicas: 1
        engine_kwargs:
          max_model_len: 8192
`;
  const { edit, after } = applyPlan({ uri: 'file:///w/serve_config.yaml', text, settings: { rules: { 'rayserve/replicas-exceed-cluster': 'error' } } }, { peakRps: 30, gpu: 'L4' });
  assert.equal(after, text, 'nothing is applied');
  assert.deepEqual(edit.edits, []);
  assert.match(edit.refused!, /^applying this plan would add an error: rayserve\/replicas-exceed-cluster \(line \d+\): At full scale the deployments need \d+ GPUs; the declared cluster has 4/);
});

test('Kubernetes Deployment: the container argument in place (quotes kept), the GPU limit and spec.replicas', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: vllm
spec:
  replicas: 1
  template:
    spec:
      nodeSelector:
        cloud.google.com/gke-accelerator: nvidia-l4
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.11.0
          command: ["vllm", "serve"]
          args:
            - meta-llama/Llama-3.1-8B-Instruct
            - --tensor-parallel-size
            - "1"
            - --max-model-len
            - "8192"
            - --max-num-seqs
            - "64"
          resources:
            limits:
              nvidia.com/gpu: 1 # per pod
`;
  const { plan, edit, after } = applyPlan({ uri: 'file:///w/deploy.yaml', text }, { peakRps: 6 }, (p) => p.candidate.tp === 2);
  assert.equal(edit.refused, undefined, edit.refused);
  const n = plan.fleet!.replicas;
  assert.equal(after, text.replace('replicas: 1', `replicas: ${n}`).replace('- "1"', '- "2"').replace('nvidia.com/gpu: 1 #', 'nvidia.com/gpu: 2 #'));
  assert.deepEqual(edit.changes, ['tensor-parallel-size: 1 → 2', 'nvidia.com/gpu: 1 → 2', `spec.replicas: 1 → ${n}`]);
});

test('Kubernetes RayService: the embedded serveConfigV2 is edited inside its block scalar, at its indentation', () => {
  const text = `apiVersion: ray.io/v1
kind: RayService
metadata:
  name: llm
spec:
  serveConfigV2: |
${RAY_APP.replace(/^(?=.)/gm, '    ')}          llm_configs:
            - model_loading_config:
                model_source: Qwen/Qwen2.5-7B-Instruct
              accelerator_type: L4
              engine_kwargs:
                tensor_parallel_size: 2
                max_num_seqs: 64
              deployment_config:
                autoscaling_config:
                  min_replicas: 1
                  max_replicas: 2
`;
  const { plan, edit, after } = applyPlan({ uri: 'file:///w/rayservice.yaml', text }, { peakRps: 6, avgRps: 6 }, (p) => p.candidate.tp === 2);
  assert.equal(edit.refused, undefined, edit.refused);
  const f = plan.fleet!;
  // Rounded down: a target above the in-flight count at the operating point is what capacity/autoscaling-target-above-slo flags.
  const target = Math.floor((plan.op!.maxRps * plan.op!.at.e2eMs.mean) / 1000);
  assert.equal(
    after,
    text.replace('min_replicas: 1\n                  max_replicas: 2\n', `min_replicas: ${f.replicasAtAverage}\n                  max_replicas: ${f.replicas}\n                  target_ongoing_requests: ${target}\n                max_ongoing_requests: 64\n`),
  );
  assert.ok(edit.manual.includes(`let the Ray cluster's GPU worker groups reach ${f.replicas * 2} GPUs (maxReplicas × GPUs per worker)`));
});
