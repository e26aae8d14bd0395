/**
 * Shapes of real public manifests (test/corpus/k8s) that ServeScope once misread, each
 * reduced to the few lines that show it: the corpus test says a real file is handled,
 * these say why.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';

const run = (text: string, name = 'manifest.yaml') => analyze({ uri: `file:///work/${name}`, text });
const at = (text: string, a: ReturnType<typeof run>, code: string) => {
  const f = a.findings.find((x) => x.code === code);
  return f && text.slice(f.range.start, f.range.end);
};

describe('k8s corpus regressions', () => {
  // kubernetes-sigs/lws docs/examples/vllm/GPU/lws.yaml and GKE's multihost LWS write the
  // leader's script as one double-quoted string over two lines, which YAML folds.
  const lws = (script: string) =>
    'apiVersion: leaderworkerset.x-k8s.io/v1\nkind: LeaderWorkerSet\nmetadata:\n  name: vllm\nspec:\n  leaderWorkerTemplate:\n    size: 2\n    leaderTemplate:\n      spec:\n        containers:\n          - name: vllm-leader\n            command:\n              - sh\n              - -c\n' +
    `              - ${script}\n` +
    '            resources:\n              limits:\n                nvidia.com/gpu: "8"\n';

  test('a command string quoted over several lines is read as the folded command, tokens on their lines', () => {
    const text = lws('"bash boot.sh leader --ray_cluster_size=$(LWS_GROUP_SIZE);\n                python3 -m vllm.entrypoints.openai.api_server --model m --tensor-parallel-size 8 --pipeline-parallel-size 2 --dtype float17"');
    const a = run(text);
    assert.equal(a.detection.detail, 'Kubernetes · LeaderWorkerSet · vLLM');
    assert.equal(at(text, a, 'schema/invalid-enum'), 'float17');
    // TP 8 x PP 2 over 2 pods x 8 GPUs: nothing about the GPU count.
    assert.equal(a.findings.filter((f) => f.severity === 'error').map((f) => f.code).join(), 'schema/invalid-enum');
  });

  test('the same over plain and single-quoted multi-line scalars, and a blank line kept as a line break', () => {
    for (const s of ["'vllm serve m\n                --dtype float17'", 'vllm serve m\n                --dtype float17', '"vllm serve m\n\n                --dtype float17"']) {
      const text = lws(s);
      assert.equal(at(text, run(text), 'schema/invalid-enum'), 'float17', s);
    }
  });

  test('with an escape inside, the command is still read and the finding covers the whole string', () => {
    const s = '"echo \\"go\\";\n                vllm serve m --dtype float17"';
    const text = lws(s);
    assert.equal(at(text, run(text), 'schema/invalid-enum'), s);
  });

  // GoogleCloudPlatform/kubernetes-engine-samples ai-ml/llm-multihost-gpus/vllm-hpa.yaml
  const hpa = (name: string) =>
    `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: lws-hpa\nspec:\n  metrics:\n  - type: Pods\n    pods:\n      metric:\n        name: ${name}\n      target:\n        type: AverageValue\n        averageValue: 5\n`;

  test("an HPA metric in GKE's managed-Prometheus form is read by the vLLM name inside it", () => {
    const a = run(hpa('prometheus.googleapis.com|vllm:num_requests_waiting|gauge'), 'hpa.yaml');
    assert.equal(a.detection.detail, 'Kubernetes · HorizontalPodAutoscaler · vLLM metrics');
    assert.deepEqual(a.findings, []);
    const text = hpa('prometheus.googleapis.com|vllm:gpu_cache_usage_perc|gauge');
    assert.equal(at(text, run(text, 'hpa.yaml'), 'k8s/autoscaler-metric-retired'), 'vllm:gpu_cache_usage_perc');
  });

  test('an adapter-wrapped name of some other metric is still left alone', () => {
    assert.equal(run(hpa('prometheus.googleapis.com|http_requests_total|counter'), 'hpa.yaml').detection.format, null);
  });

  // kserve/kserve config/runtimes/kserve-vllmserver.yaml; the OpenShift AI runtimes do the same.
  const runtime = (extra: string) =>
    'apiVersion: serving.kserve.io/v1alpha1\nkind: ClusterServingRuntime\nmetadata:\n  name: kserve-vllmserver\nspec:\n  containers:\n    - name: kserve-container\n      image: vllmserver:replace\n      command: [python, -m, vllm.entrypoints.openai.api_server]\n      args:\n        - "--port=8080"\n        - "--served-model-name={{.Name}}"\n' +
    extra;

  test("KServe's {{.Name}} placeholder is not a Helm template: the runtime is read, the placeholder is no value", () => {
    const text = runtime('        - "--model={{ .Name }}"\n        - "--dtype=float17"\n');
    const a = run(text);
    assert.equal(a.detection.detail, 'Kubernetes · ClusterServingRuntime · vLLM');
    assert.deepEqual(a.findings.filter((f) => f.severity === 'error').map((f) => text.slice(f.range.start, f.range.end)), ['float17']);
  });

  test('any other {{ }} in a KServe file, or {{.Name}} outside KServe, is still a template', () => {
    assert.equal(run(runtime('        - "--max-model-len={{ .Values.len }}"\n')).detection.format, null);
    const dep = runtime('').replace('serving.kserve.io/v1alpha1', 'apps/v1').replace('ClusterServingRuntime', 'Deployment').replace('spec:\n  containers', 'spec:\n  template:\n   spec:\n    containers');
    assert.equal(run(dep).detection.format, null);
  });

  // ray-project/kuberay ray-operator/config/samples/ray-service.llm-serve.yaml (engine_kwargs.device)
  test("a removed vLLM engine argument inside Ray Serve LLM's engine_kwargs is judged by the vLLM version, in vLLM's name", () => {
    const text =
      'apiVersion: ray.io/v1\nkind: RayService\nmetadata:\n  name: s\nspec:\n  serveConfigV2: |\n    applications:\n    - name: llms\n      import_path: ray.serve.llm:build_openai_app\n      args:\n        llm_configs:\n        - model_loading_config:\n            model_id: q\n            model_source: Qwen/Qwen2.5-7B-Instruct\n          engine_kwargs:\n            device: auto\n';
    const removed = (versions: Record<string, string>) => {
      const a = analyze({ uri: 'file:///work/rs.yaml', text, settings: { versions } as never });
      const f = a.findings.find((x) => x.code === 'schema/removed-key')!;
      return `${f.severity} ${/was removed in (\S+ [\d.]*\d)/.exec(f.message)?.[1]}`;
    };
    assert.equal(removed({}), 'warning vLLM 0.11.0');
    // The Ray release says nothing about when vLLM removed a flag.
    assert.equal(removed({ rayserve: '2.50.1' }), 'warning vLLM 0.11.0');
    assert.equal(removed({ rayserve: '2.50.1', vllm: '0.10.2' }), 'hint vLLM 0.11.0');
    assert.equal(removed({ vllm: '0.11.0' }), 'error vLLM 0.11.0');
  });

  // GoogleCloudPlatform/kubernetes-engine-samples ai-ml/llm-serving-gemma/vllm/*.yaml
  const gke = (args: string, env: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: g\nspec:\n  template:\n    spec:\n      containers:\n      - name: inference-server\n        image: docker.io/vllm/vllm-openai:v0.10.0\n        command: ["python3", "-m", "vllm.entrypoints.openai.api_server"]\n        args:\n${args}        env:\n${env}`;

  test("$(NAME) in args takes the container's env value, and a finding about it lands on that value", () => {
    const text = gke('        - --model=$(MODEL_ID)\n        - --dtype=$(DTYPE)\n', '        - name: MODEL_ID\n          value: google/gemma-3-1b-it\n        - name: DTYPE\n          value: float17\n');
    const a = run(text);
    assert.equal(a.plan?.deployments[0].model.id?.value, 'google/gemma-3-1b-it');
    const f = a.findings.find((x) => x.code === 'schema/invalid-enum')!;
    assert.equal(text.slice(f.range.start, f.range.end), 'float17');
    assert.ok(a.lines.position(f.range.start).line > 14, 'on the env entry');
  });

  test('$$(NAME), valueFrom and unknown names stay placeholders; a reference inside a longer value maps to the whole item', () => {
    const env = '        - name: TOKEN\n          valueFrom:\n            secretKeyRef: {name: hf, key: t}\n        - name: DT\n          value: float17\n';
    const quiet = run(gke('        - --model=$(TOKEN)\n        - --dtype=$$(DT)\n        - --max-num-seqs=$(NOPE)\n', env));
    assert.equal(quiet.detection.format, 'vllm');
    assert.deepEqual(quiet.findings.filter((f) => f.severity === 'error'), []);
    const text = gke('        - --dtype=x$(DT)\n', env);
    const f = run(text).findings.find((x) => x.code === 'schema/invalid-enum')!;
    assert.equal(text.slice(f.range.start, f.range.end), '--dtype=x$(DT)');
  });

  // vllm-project/production-stack tutorials/assets/values-15-a-minimal-pipeline-parallel-example-raycluster.yaml
  const values = (spec: string) => `servingEngineSpec:\n  modelSpec:\n  - name: "m"\n    repository: "vllm/vllm-openai"\n    tag: "latest"\n    modelURL: "Qwen/Qwen2.5-7B-Instruct"\n${spec}`;
  const embedded = (a: ReturnType<typeof run>) => (a as unknown as { embedded: { analysis: { text: string } }[] }).embedded.map((e) => e.analysis.text).join('---\n');

  test('a raySpec model spec is one server over the head and replicaCount workers, with pipeline parallelism', () => {
    const text = values('    replicaCount: 1\n    requestGPU: 1\n    vllmConfig:\n      tensorParallelSize: 2\n      pipelineParallelSize: 1\n    raySpec:\n      enabled: true\n      headNode:\n        requestGPU: 1\n');
    const a = run(text, 'values.yaml');
    assert.deepEqual(a.findings.filter((f) => f.severity === 'error').map((f) => f.code), []);
    assert.equal(a.plan?.deployments[0].hardware.gpusPerReplica?.value, 2);
    assert.match(embedded(a), /pipeline-parallel-size: 1/);
    // The RayCluster template writes no --no-enable-prefix-caching.
    assert.doesNotMatch(embedded(a), /prefix-caching/);
  });

  test('the Deployment template alone renders runner and convert, both render modelRevision, and enabled: false renders nothing', () => {
    const a = run(values('    requestGPU: 1\n    modelRevision: "abc123"\n    vllmConfig:\n      runner: "generatee"\n      pipelineParallelSize: 2\n'), 'values.yaml');
    assert.deepEqual(a.findings.filter((f) => f.severity === 'error').map((f) => f.code), ['schema/invalid-enum']);
    assert.match(embedded(a), /revision: abc123/);
    assert.doesNotMatch(embedded(a), /pipeline/);
    const off = run(values('    enabled: false\n    requestGPU: 1\n    vllmConfig:\n      dtype: float17\n'), 'values.yaml');
    assert.equal(off.detection.format, null);
  });

  // ray-project/kuberay samples write numOfHosts on every worker group (1 there); more hosts are more pods.
  test('a Ray worker group of numOfHosts pods per replica offers that many times the GPUs', () => {
    const text = `apiVersion: ray.io/v1\nkind: RayService\nmetadata:\n  name: s\nspec:\n  serveConfigV2: |\n    applications:\n    - name: llms\n      import_path: ray.serve.llm:build_openai_app\n      args:\n        llm_configs:\n        - model_loading_config:\n            model_id: q\n            model_source: meta-llama/Llama-3.1-70B-Instruct\n          accelerator_type: H100\n          engine_kwargs:\n            tensor_parallel_size: 8\n            pipeline_parallel_size: 2\n  rayClusterConfig:\n    headGroupSpec:\n      template:\n        spec:\n          containers:\n          - name: ray-head\n    workerGroupSpecs:\n    - replicas: 1\n      maxReplicas: 1\n      numOfHosts: 2\n      groupName: gpu\n      template:\n        spec:\n          containers:\n          - name: ray-worker\n            resources:\n              limits:\n                nvidia.com/gpu: "8"\n`;
    const a = run(text);
    assert.equal(a.detection.detail, 'Kubernetes · RayService · Ray Serve');
    // 1 replica x 2 hosts x 8 GPUs = 16 = tensor 8 x pipeline 2.
    assert.deepEqual(a.findings.map((f) => f.code), []);
  });

  // ray-project/kuberay ray-operator/config/samples/ray-service.high-throughput-gemma4.yaml
  test("Ray's accelerator types include B200 and the newer AMD Instinct parts (ray.util.accelerators)", () => {
    for (const acc of ['B200', 'AMD-Instinct-MI300A', 'AMD-Instinct-MI300X-HF', 'AMD-Instinct-MI308X', 'AMD-Instinct-MI325X-OAM', 'A10G']) {
      const text = `applications:\n- name: llm_app\n  import_path: ray.serve.llm:build_openai_app\n  args:\n    llm_configs:\n      - model_loading_config:\n          model_id: g\n          model_source: Qwen/Qwen2.5-7B-Instruct\n        accelerator_type: ${acc}\n`;
      assert.deepEqual(run(text, 'serve.yaml').findings.filter((f) => f.code === 'schema/invalid-enum').map((f) => f.message), [], acc);
    }
    const bad = run('applications:\n- name: a\n  import_path: ray.serve.llm:build_openai_app\n  args:\n    llm_configs:\n      - model_loading_config:\n          model_id: g\n        accelerator_type: B201\n', 'serve.yaml');
    assert.ok(bad.findings.some((f) => f.code === 'schema/invalid-enum'));
  });

  // vllm-project/aibrix samples (kv-transfer-config, kv-events-config): each list item is one argv word.
  test('a JSON argument in its own list item is one argument, quotes and spaces included; inside sh -c the shell splits', () => {
    const dep = (lines: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n        - name: vllm\n${lines}`;
    const ok = dep('          command: ["vllm", "serve"]\n          args:\n            - "/models/Qwen3-8B"\n            - "--kv-transfer-config"\n            - \'{"kv_connector":"NixlConnector", "kv_role":"kv_both"}\'\n            - --kv-events-config\n            - \'{"enable_kv_cache_events":true,"publisher":"zmq"}\'\n');
    assert.deepEqual(run(ok).findings.filter((f) => f.severity === 'error').map((f) => f.code), []);
    const bad = dep('          command: ["vllm", "serve", "m"]\n          args:\n            - --kv-transfer-config\n            - \'{"kv_connector": NixlConnector}\'\n');
    const a = run(bad);
    const f = a.findings.find((x) => x.code === 'vllm/json-argument-invalid')!;
    assert.equal(bad.slice(f.range.start, f.range.end), '{"kv_connector": NixlConnector}');
    const shell = dep('          command: ["/bin/sh", "-c"]\n          args:\n            - |\n              vllm serve m --kv-transfer-config \'{"kv_connector": "NixlConnector"}\' --dtype float17\n');
    assert.deepEqual(run(shell).findings.filter((x) => x.severity === 'error').map((x) => x.code), ['schema/invalid-enum']);
  });

  // vllm-project/production-stack src/gateway_inference_extension/configs/vllm/gpu-deployment.yaml and
  // GKE's app-design-center chart write --max-num-seq: argparse takes a unique prefix of an option.
  test('a flag that abbreviates exactly one vLLM option is that option; an ambiguous or unknown one is not', () => {
    const dep = (args: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n        - name: vllm\n          command: ["vllm", "serve", "m"]\n          args: [${args}]\n`;
    const a = run(dep('"--max-num-seq", "0"'));
    const f = a.findings.find((x) => x.code === 'schema/out-of-range');
    assert.ok(f, 'read as --max-num-seqs, whose minimum is 1');
    assert.equal(dep('"--max-num-seq", "0"').slice(f!.range.start, f!.range.end), '0');
    assert.ok(!a.findings.some((x) => x.code === 'schema/unknown-key'));
    // --max-num matches --max-num-seqs and --max-num-batched-tokens: vLLM calls it ambiguous.
    assert.ok(run(dep('"--max-num", "8"')).findings.some((x) => x.code === 'schema/unknown-key'));
    assert.ok(run(dep('"--max-num-seqz", "8"')).findings.some((x) => x.code === 'schema/unknown-key'));
  });

  // vllm-project/aibrix samples/vllm_omni/qwen2-5-omni-7b.yaml
  test('vllm serve --omni is vLLM-Omni, not claimed as a vLLM server', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n        - name: vllm-omni\n          image: vllm/vllm-omni:v0.20.0\n          command: [vllm, serve, Qwen/Qwen2.5-Omni-7B, --port, "8000", --omni]\n          resources:\n            limits:\n              nvidia.com/gpu: "2"\n';
    const a = run(text);
    assert.equal(a.detection.format, null);
    assert.deepEqual(a.findings, []);
  });

  // vllm-project/aibrix samples/multimodality/vllm/*.yaml pin vllm/vllm-openai:v0.x and pass --disable-log-requests.
  test("the tag of vLLM's image in a pod or a compose service pins the release the removed-argument checks follow", () => {
    const dep = (image: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n        - name: vllm\n          image: ${image}\n          command: [vllm, serve, m, --disable-log-requests]\n`;
    const sev = (text: string, name?: string) => run(text, name).findings.find((f) => f.code === 'schema/removed-key')?.severity;
    assert.equal(sev(dep('vllm/vllm-openai:v0.7.1')), 'hint');
    assert.equal(sev(dep('docker.io/vllm/vllm-openai:v0.12.0')), 'error');
    assert.equal(sev(dep('vllm/vllm-openai:latest')), 'warning');
    assert.equal(sev(dep('lmcache/vllm-openai:2025-05-05-v1')), 'warning');
    const compose = 'services:\n  vllm:\n    image: vllm/vllm-openai:v0.6.3.post1\n    command: --model m --disable-log-requests\n';
    assert.equal(sev(compose, 'docker-compose.yaml'), 'hint');
  });

  // vllm-project/production-stack operator/config/samples/production-stack_v1alpha1_vllmruntime.yaml
  test("production-stack's VLLMRuntime is read as the operator builds its vllm serve flags", () => {
    const text =
      'apiVersion: production-stack.vllm.ai/v1alpha1\nkind: VLLMRuntime\nmetadata:\n  name: r\nspec:\n  model:\n    modelURL: "meta-llama/Llama-3.1-8B-Instruct"\n    maxModelLen: 4096\n    dtype: "bfloat16"\n  vllmConfig:\n    tensorParallelSize: 2\n    gpuMemoryUtilization: "0.8"\n    extraArgs: ["--max-num-seqs", "0"]\n  deploymentConfig:\n    resources:\n      gpu: "1"\n    image:\n      registry: "docker.io"\n      name: "vllm/vllm-openai:v0.9.0"\n';
    const a = run(text);
    assert.equal(a.detection.detail, 'Kubernetes · VLLMRuntime · vLLM');
    const at2 = (code: string) => at(text, a, code);
    assert.equal(at2('vllm/world-size-exceeds-node-gpus'), '2');
    assert.equal(at2('schema/out-of-range'), '0');
    const inner = embedded(a);
    // Booleans that default to false: the operator always writes one of the two flags.
    assert.match(inner, /no-enable-chunked-prefill: true/);
    assert.match(inner, /no-enable-prefix-caching: true/);
    assert.equal(a.plan?.deployments[0].hardware.gpusPerReplica?.value, 1);
  });
});
