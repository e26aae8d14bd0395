/**
 * Kubernetes manifests as hosts of embedded configs: findings of a RayService's
 * serveConfigV2 and of a container's vLLM command line land on the exact manifest
 * text that holds the setting, quick-fixes edit it there, and manifests without
 * such a config are left alone.
 *
 * Fixtures in test/fixtures/k8s/*-bad.yaml mark each expected finding on its line as
 * `# expect: <code>=<text>`, where <text> is what the finding's range covers.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { fixesFor } from '../../server/src/core/editing/fixes';
import { hoverAt } from '../../server/src/core/editing/hover';
import { completionsAt } from '../../server/src/core/editing/completion';
import { editToHost } from '../../server/src/core/embedded/offsetMap';
import type { TextEditOffsets } from '../../server/src/core/types';

const DIR = path.resolve(__dirname, '..', 'fixtures', 'k8s');
const read = (f: string) => fs.readFileSync(path.join(DIR, f), 'utf8');
const run = (text: string, name = 'manifest.yaml') => analyze({ uri: `file:///work/${name}`, text });

function expected(text: string): string[] {
  const out: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /#\s*expect:\s*(.+)$/.exec(line);
    if (m) for (const e of m[1].trim().split(/\s+/)) out.push(`${i + 1}: ${e}`);
  });
  return out.sort();
}

function seen(text: string): string[] {
  const a = run(text);
  return a.findings.map((f) => `${a.lines.position(f.range.start).line + 1}: ${f.code}=${text.slice(f.range.start, f.range.end)}`).sort();
}

function apply(text: string, edits: TextEditOffsets[]): string {
  let out = text;
  for (const e of [...edits].sort((x, y) => y.range.start - x.range.start)) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

function fixAll(text: string): string {
  const a = run(text);
  const edits = a.findings.flatMap((f) => fixesFor(f, a)[0]?.edits ?? []);
  return apply(text, edits);
}

describe('k8s fixtures: findings on the manifest text that holds the setting', () => {
  for (const f of fs.readdirSync(DIR).filter((x) => /-bad\.yaml$/.test(x))) {
    const text = read(f);
    test(f, () => assert.deepEqual(seen(text), expected(text)));
    test(`${f} with CRLF line ends`, () => assert.deepEqual(seen(text.replace(/\n/g, '\r\n')), expected(text)));
    const golden = f.replace(/\.yaml$/, '.fixed.yaml');
    if (fs.existsSync(path.join(DIR, golden))) {
      test(`${f}: first fixes give ${golden}`, () => assert.equal(fixAll(text), read(golden)));
      test(`${f}: first fixes with CRLF`, () => assert.equal(fixAll(text.replace(/\n/g, '\r\n')), read(golden).replace(/\n/g, '\r\n')));
    }
  }
});

describe('k8s detection', () => {
  test('RayService: status detail says what was found', () => {
    const a = run(read('rayservice-bad.yaml'));
    assert.equal(a.detection.format, 'rayserve');
    assert.equal(a.detection.detail, 'Kubernetes · RayService · Ray Serve');
  });

  test('an unrelated Deployment and a ConfigMap with a serveConfigV2 key are not claimed', () => {
    const a = run(read('not-claimed-deployment.yaml'));
    assert.equal(a.detection.format, null);
    assert.deepEqual(a.findings, []);
  });

  test('a Helm template is not claimed, even when it runs vllm serve', () => {
    const a = run(read('not-claimed-helm.yaml'), 'templates/deployment.yaml');
    assert.equal(a.detection.format, null);
    assert.deepEqual(a.findings, []);
  });

  test('# servescope: off turns a manifest off', () => {
    const a = run(`# servescope: off\n${read('rayservice-bad.yaml')}`);
    assert.equal(a.detection.format, null);
  });
});

describe('k8s: serveConfigV2', () => {
  const rs = (body: string, header = '|') => `apiVersion: ray.io/v1\nkind: RayService\nmetadata:\n  name: x\nspec:\n  serveConfigV2: ${header}\n${body}`;

  test('broken YAML inside serveConfigV2 is one clear error at its line in the manifest', () => {
    const text = rs('    applications:\n      - name: a\n        import_path: [unclosed\n');
    const a = run(text);
    const errs = a.findings.filter((f) => f.severity === 'error');
    assert.ok(errs.length >= 1);
    assert.ok(errs.every((f) => f.code.startsWith('yaml/')), errs.map((f) => f.code).join());
    assert.match(errs[0].message, /^RayService x: serveConfigV2 is not valid YAML: /);
    const line = a.lines.position(errs[0].range.start).line;
    assert.ok(line >= 8 && line <= 9, `error on line ${line + 1}`);
  });

  test('|- and an explicit comment on the header line map the same', () => {
    const body = '    applications:\n      - name: a\n        import_path: m:app\n        bogus_key: 1\n';
    for (const header of ['|', '|-', '|2', '| # the Serve config']) {
      const text = rs(body, header);
      const f = run(text).findings.find((x) => x.code === 'schema/unknown-key');
      assert.equal(f && text.slice(f.range.start, f.range.end), 'bogus_key', header);
    }
  });

  test('hover inside serveConfigV2 describes the Ray Serve key, with the manifest range', () => {
    const text = read('rayservice-bad.yaml');
    const at = text.indexOf('route_prefix') + 3;
    const h = hoverAt(run(text), at);
    assert.ok(h, 'no hover');
    assert.equal(text.slice(h.range.start, h.range.end), 'route_prefix');
    assert.equal(hoverAt(run(text), text.indexOf('rayClusterConfig') + 2), undefined, 'the manifest itself is not described');
  });

  test('completion inside serveConfigV2 offers Ray Serve keys and replaces the word typed', () => {
    const text = rs('    applications:\n      - name: a\n        import_path: m:app\n        route_pre\n');
    const at = text.indexOf('route_pre') + 'route_pre'.length;
    const r = completionsAt(run(text), at);
    assert.ok(r?.items.some((i) => i.label === 'route_prefix'), 'route_prefix offered');
    assert.equal(text.slice(r!.range.start, r!.range.end), 'route_pre');
  });

  test('the GPU type and cluster size come from the worker groups', () => {
    const a = run(read('rayservice-bad.yaml'));
    assert.equal(a.estimates[0]?.hardwareOrigin, 'file');
    assert.equal(a.plan?.deployments[0].hardware.gpu?.value, 'NVIDIA-L4');
    // 2 GPUs per worker × maxReplicas 2; the head has none.
    assert.equal(a.estimates[0]?.clusterGpus, 4);
  });

  test('an edit that inserts a line inside the block keeps both lines indented', () => {
    const text = rs('    applications:\n      - name: a\n');
    const a = run(text);
    const doc = a.embedded![0];
    const innerLine2 = doc.analysis.text.indexOf('  - name');
    const e = editToHost(doc.map, { range: { start: innerLine2, end: innerLine2 }, newText: '  # added\n' })!;
    assert.equal(apply(text, [e]), rs('    applications:\n      # added\n      - name: a\n'));
    const del = editToHost(doc.map, { range: { start: innerLine2, end: doc.analysis.text.length }, newText: '' })!;
    assert.equal(apply(text, [del]), rs('    applications:\n'));
  });
});

describe('k8s: vLLM command lines', () => {
  const dep = (container: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n        - name: vllm\n${container}`;

  test('python -m vllm.entrypoints.openai.api_server with --model', () => {
    const text = dep('          command: ["python3", "-m", "vllm.entrypoints.openai.api_server"]\n          args: ["--model", "m", "--max-num-seqz", "8"]\n');
    const f = run(text).findings.find((x) => x.code === 'schema/unknown-key');
    assert.equal(f && text.slice(f.range.start, f.range.end), 'max-num-seqz');
  });

  test('one string with spaces: the finding is on the token inside it', () => {
    const text = dep('          args: ["vllm serve m --dtype=float17 --port 8000"]\n');
    const f = run(text).findings.find((x) => x.code === 'schema/invalid-enum');
    assert.equal(f && text.slice(f.range.start, f.range.end), 'float17');
  });

  test('a bash -c block script: the token on its line, and the fix edits it there', () => {
    const text = dep('          command: ["bash", "-c"]\n          args:\n            - |\n              set -e\n              vllm serve m \\\n                --dtype float17 \\\n                --port 8000\n');
    const a = run(text);
    const f = a.findings.find((x) => x.code === 'schema/invalid-enum')!;
    assert.equal(text.slice(f.range.start, f.range.end), 'float17');
    const fix = fixesFor(f, a)[0];
    assert.equal(apply(text, fix.edits), text.replace('float17', 'float16'));
  });

  test('$(ENV) references are placeholders, not values', () => {
    const text = dep('          command: ["vllm", "serve", "$(MODEL)"]\n          args: ["--tensor-parallel-size", "$(TP)", "--max-num-seqs=$(SEQS)"]\n');
    const a = run(text);
    assert.equal(a.detection.format, 'vllm');
    assert.deepEqual(a.findings.filter((x) => x.severity === 'error'), []);
  });

  test('GPUs per pod and the GPU type reach the plan', () => {
    const text = dep('          command: ["vllm", "serve", "Qwen/Qwen2.5-7B-Instruct", "--tensor-parallel-size", "4"]\n          resources:\n            limits:\n              nvidia.com/gpu: "2"\n      nodeSelector:\n        karpenter.k8s.aws/instance-gpu-name: a10g\n');
    const a = run(text);
    assert.equal(a.plan?.deployments[0].hardware.gpu?.value, 'a10g');
    const f = a.findings.find((x) => x.code === 'vllm/world-size-exceeds-node-gpus');
    assert.equal(f && text.slice(f.range.start, f.range.end), '4');
  });

  test('KServe InferenceService with a vLLM container, document by document', () => {
    const isvc = `apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: llm\nspec:\n  predictor:\n    containers:\n      - name: kserve-container\n        image: vllm/vllm-openai\n        command: ["vllm", "serve", "m", "--max-num-seqs", "0"]\n`;
    const text = `${read('not-claimed-deployment.yaml')}---\n${isvc}`;
    const a = run(text);
    assert.equal(a.detection.detail, 'Kubernetes · InferenceService · vLLM');
    const f = a.findings.find((x) => x.code === 'schema/out-of-range');
    assert.equal(f && text.slice(f.range.start, f.range.end), '0');
    assert.ok(a.lines.position(f!.range.start).line > 20);
  });
});

describe('Helm values and compose files', () => {
  test('production-stack values: status detail, and the chart turns prefix caching off when vllmConfig leaves it out', () => {
    const a = run(read('helm-values-bad.yaml'), 'values.yaml');
    assert.equal(a.detection.detail, 'Helm values · production-stack values · vLLM');
    const values = (cfg: string) => `servingEngineSpec:\n  modelSpec:\n  - name: m\n    modelURL: Qwen/Qwen2.5-7B-Instruct\n    requestGPU: 1\n    vllmConfig:\n${cfg}`;
    const hit = (cfg: string) => run(values(cfg), 'values.yaml').embedded?.[0].analysis.text ?? '';
    assert.match(hit('      maxModelLen: 4096\n'), /no-enable-prefix-caching: true/);
    assert.match(hit('      enablePrefixCaching: true\n'), /^enable-prefix-caching: true$/m);
  });

  test('the image tag pins the vLLM release: a removed argument is an error on a release that removed it and a hint on an older one', () => {
    const values = (tag: string) =>
      `servingEngineSpec:\n  modelSpec:\n  - name: m\n    repository: vllm/vllm-openai\n    tag: "${tag}"\n    modelURL: Qwen/Qwen2.5-7B-Instruct\n    vllmConfig:\n      extraArgs: ["--disable-log-requests"]\n`;
    const removed = (tag: string) => run(values(tag), 'values.yaml').findings.find((f) => f.code === 'schema/removed-key');
    const old = removed('v0.8.5');
    assert.equal(old?.severity, 'hint', 'v0.8.5 still had --disable-log-requests');
    assert.match(old!.message, /Still accepted by vLLM 0\.8\.5\./);
    assert.equal(removed('v0.13.0')?.severity, 'error');
    assert.equal(removed('latest')?.severity, 'warning', 'an unpinned tag does not say which release runs');
    // The same reading of vLLM's image as pods and compose services: a post-release tag pins its release too.
    assert.equal(removed('v0.8.5.post1')?.severity, 'hint');
  });

  test('compose: status detail; services that do not run vLLM are left alone', () => {
    const a = run(read('compose-bad.yaml'), 'docker-compose.yaml');
    assert.equal(a.detection.detail, 'Compose · service · vLLM');
    assert.equal(a.embedded?.length, 2);
    const other = run('services:\n  db:\n    image: postgres:16\n    command: postgres -c max_connections=200\n', 'docker-compose.yaml');
    assert.equal(other.detection.format, null);
    assert.deepEqual(other.findings, []);
  });
});

describe('autoscalers on serving metrics', () => {
  test('an HPA or ScaledObject on vLLM metrics is claimed on its own, with its kinds in the status detail', () => {
    const a = run(read('autoscalers-bad.yaml'), 'autoscaling.yaml');
    assert.equal(a.detection.format, 'vllm');
    assert.equal(a.detection.detail, 'Kubernetes · ScaledObject, HorizontalPodAutoscaler · vLLM metrics');
  });

  test('autoscalers on CPU or on other applications are left alone', () => {
    const cpu = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  metrics:\n    - type: Resource\n      resource:\n        name: cpu\n        target: {type: Utilization, averageUtilization: 60}\n';
    const keda = "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: q\nspec:\n  triggers:\n    - type: prometheus\n      metadata:\n        query: http_requests_total\n        threshold: '5'\n";
    for (const text of [cpu, keda]) {
      const a = run(text, 'hpa.yaml');
      assert.equal(a.detection.format, null, text);
      assert.deepEqual(a.findings, []);
    }
  });

  test('an aggregated KEDA query on current metric names raises nothing', () => {
    const text = "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: q\nspec:\n  triggers:\n    - type: prometheus\n      metadata:\n        query: |\n          sum(vllm:num_requests_waiting{model_name=\"m\"})\n        threshold: '5'\n";
    assert.deepEqual(run(text).findings, []);
  });
});

describe('editing a manifest', () => {
  test('an edit outside an embedded config reuses its analysis; an edit inside re-analyses it', () => {
    const text = read('rayservice-bad.yaml');
    const uri = 'file:///work/edit-cost.yaml';
    const first = analyze({ uri, text }).embedded![0].analysis;
    const outside = text.replace(/^metadata:\n/m, 'metadata:\n  labels: {team: llm}\n');
    assert.notEqual(outside, text, 'the fixture has no metadata block to edit');
    const again = analyze({ uri, text: outside });
    assert.equal(again.embedded![0].analysis, first, 'the serveConfigV2 analysis was recomputed for an edit outside it');
    // The host positions still follow the edit: findings move down by the inserted line.
    const f0 = analyze({ uri, text }).findings[0];
    const f1 = again.findings.find((f) => f.code === f0.code)!;
    assert.equal(again.lines.position(f1.range.start).line, analyze({ uri, text }).lines.position(f0.range.start).line + 1);
    const inside = text.replace('route_prefix', 'route_prefix_typo');
    assert.notEqual(analyze({ uri, text: inside }).embedded![0].analysis, first);
  });
});

describe('the workload around the config', () => {
  test("spec.replicas is the config's replica count, and the manifest's traffic comment judges it", () => {
    const dep = fs.readFileSync(path.resolve(__dirname, '..', '..', 'examples', 'k8s', 'vllm-deployment.yaml'), 'utf8');
    const text = `# servescope: rps=40 input_len=1500 output_len=300 slo="ttft:p95<800ms;tpot:p95<60ms"\n${dep}`;
    const a = run(text);
    assert.equal(a.estimates[0].deployment.replicas.fixed?.value, 2);
    const f = a.findings.find((x) => x.code === 'capacity/replicas-below-peak');
    assert.ok(f, a.findings.map((x) => x.code).join());
    assert.match(f.message, /^2 replicas carry [\d.]+ req\/s within ttft:p95<800ms;tpot:p95<60ms; the peak is 40 req\/s/);
    // Without the comment the count still feeds the estimates, and nothing is judged.
    assert.equal(run(dep).findings.some((x) => x.code === 'capacity/replicas-below-peak'), false);
  });
});

test("a VLLMRuntime's deploymentConfig.replicas is the count the SLA finding lands on and its fix rewrites", () => {
  const sample = fs.readFileSync(path.resolve(__dirname, '..', 'corpus', 'k8s', 'production-stack__operator__config__samples__production-stack_v1alpha1_vllmruntime.yaml'), 'utf8');
  const text = `# servescope: gpu=H100-SXM-80GB rps=400 input_len=1500 output_len=300 slo="ttft:p95<800ms;tpot:p95<60ms"\n${sample}`;
  const a = run(text);
  const f = a.findings.find((x) => x.code === 'capacity/replicas-below-peak');
  assert.ok(f, a.findings.map((x) => x.code).join());
  assert.equal(text.slice(f.range.start, f.range.end), '2');
  assert.match(text.slice(text.lastIndexOf('\n', f.range.start) + 1, f.range.end), /^\s+replicas: 2$/);
  const fix = fixesFor(f, a)[0];
  assert.match(fix.title, /^Set deploymentConfig\.replicas to \d+/);
  const n = /to (\d+)/.exec(fix.title)![1];
  assert.match(apply(text, fix.edits), new RegExp(`\\n\\s+replicas: ${n}\\n`));
});

test('LLMInferenceService: decode and prefill are two servers, sized by their replicas, parallelism and GPU limits', () => {
  const a = run(read('llmisvc-bad.yaml'));
  assert.equal(a.detection.detail, 'Kubernetes · LLMInferenceService · vLLM');
  assert.deepEqual(a.embedded!.map((e) => e.label), ['LLMInferenceService llama-pd: decode', 'LLMInferenceService llama-pd: prefill']);
  const deps = a.plan!.deployments.map((d) => [d.model.id?.value, d.parallelism.tensor?.value, d.hardware.gpusPerReplica?.value, d.replicas.fixed?.value, d.hardware.gpu?.value]);
  assert.deepEqual(deps, [
    ['meta-llama/Llama-3.1-8B-Instruct', 2, 4, 2, 'NVIDIA-H100-80GB-HBM3'],
    ['meta-llama/Llama-3.1-8B-Instruct', 3, 3, 1, undefined],
  ]);
  // A multi-node data-parallel workload is data / dataLocal pods of the limit each.
  const dp = fs.readFileSync(path.resolve(__dirname, '..', 'corpus', 'k8s', 'kserve__docs__samples__llmisvc__dp-ep__deepseek-r1-gpu-rdma-roce__llm-inference-service-dp-ep-deepseek-r1-gpu-naive.yaml'), 'utf8');
  const d = run(dp).plan!.deployments[0];
  assert.deepEqual([d.parallelism.data?.value, d.hardware.gpusPerReplica?.value], [16, 16]);
  // Its config templates are not claimed: they are Go templates the controller renders.
  const config = 'apiVersion: serving.kserve.io/v1alpha2\nkind: LLMInferenceServiceConfig\nmetadata:\n  name: c\nspec:\n  template:\n    containers:\n      - name: main\n        command: ["vllm", "serve", "/mnt/models", "--served-model-name", "{{ .Spec.Model.Name }}"]\n';
  assert.equal(run(config).detection.format, null);
});

test('llm-d values and a DynamoGraphDeployment: one server per vLLM container or worker, with its replicas and GPUs', () => {
  const llmd = run(read('llmd-values-bad.yaml'), 'values.yaml');
  assert.equal(llmd.detection.detail, 'Helm values · llm-d modelservice values · vLLM');
  assert.deepEqual(llmd.plan!.deployments.map((d) => [d.model.id?.value, d.parallelism.tensor?.value, d.hardware.gpusPerReplica?.value, d.replicas.fixed?.value]), [
    ['meta-llama/Llama-3.1-8B-Instruct', 3, 3, 2],
    ['meta-llama/Llama-3.1-8B-Instruct', undefined, 1, 1],
  ]);
  const dyn = run(read('dynamo-bad.yaml'));
  // The frontend runs no engine; the worker's GPUs are 4 per node x 2 nodes, and --is-decode-worker is Dynamo's own flag.
  assert.deepEqual(dyn.embedded!.map((e) => e.label), ['DynamoGraphDeployment llama: VllmDecodeWorker']);
  assert.deepEqual([dyn.plan!.deployments[0].hardware.gpusPerReplica?.value, dyn.plan!.deployments[0].replicas.fixed?.value], [8, 2]);
  assert.equal(dyn.findings.some((f) => f.code === 'schema/unknown-key'), false);
  // Shapes these readers do not claim: a values file without a role's containers, an sglang worker.
  assert.equal(run('modelArtifacts:\n  uri: hf://m/x\nrouting:\n  servicePort: 8000\n', 'values.yaml').detection.format, null);
  const sglang = read('dynamo-bad.yaml').replace('"dynamo.vllm"', '"dynamo.sglang"');
  assert.equal(run(sglang).detection.format, null);
});

test('tritonserver arguments: valid ones raise nothing, and a pod without tritonserver is not claimed for them', () => {
  const ok = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: t\nspec:\n  template:\n    spec:\n      containers:\n        - name: t\n          command: ["tritonserver", "--model-repository=/m", "--model-control-mode", "poll", "--repository-poll-secs=30", "--exit-on-error=false", "--strict-model-config=true", "--log-verbose=true"]\n';
  const a = run(ok);
  assert.equal(a.detection.detail, 'Kubernetes · Deployment · Triton server arguments');
  assert.deepEqual(a.findings, []);
  assert.equal(run(ok.replace('tritonserver', 'python3')).detection.format, null);
});

test('RayJob: the serve config is found through the head mount (items, subPath), and only there', () => {
  const text = read('rayjob-serve-bad.yaml');
  const withItems = text
    .replace('configMap: {name: serve-config}', 'configMap: {name: serve-config, items: [{key: serve.yaml, path: app.yaml}]}')
    .replace('/home/ray/config/serve.yaml', '/home/ray/config/app.yaml');
  const withSubPath = text
    .replace('{name: config, mountPath: /home/ray/config}', '{name: config, mountPath: /srv/serve.yaml, subPath: serve.yaml}')
    .replace('/home/ray/config/serve.yaml', '/srv/serve.yaml');
  for (const t of [text, withItems, withSubPath]) {
    const a = run(t);
    assert.equal(a.detection.detail, 'Kubernetes · RayJob · Ray Serve', t);
    assert.ok(a.findings.some((f) => f.code === 'schema/unknown-key' && t.slice(f.range.start, f.range.end) === 'num_replica'));
  }
  // A path outside the mounts, a Python entrypoint, or a ConfigMap in another file: nothing to read.
  for (const t of [text.replace('/home/ray/config/serve.yaml', '/opt/serve.yaml'), text.replace('serve run /home/ray/config/serve.yaml', 'python /home/ray/config/serve.yaml'), text.slice(text.indexOf('---'))]) {
    assert.equal(run(t).detection.format, null, t.slice(0, 80));
  }
});

test('a Ray cluster whose workers declare GPUs through rayStartParams.num-gpus has GPUs', () => {
  const text = read('rayservice-no-gpus-bad.yaml').replace('      - groupName: cpu\n        replicas: 2\n        rayStartParams: {}', "      - groupName: gpu\n        replicas: 2\n        rayStartParams: {num-gpus: \"2\"}");
  assert.ok(text.includes('num-gpus'), 'the fixture changed shape');
  assert.equal(run(text).findings.some((f) => f.code === 'k8s/ray-cluster-without-gpus'), false);
});
