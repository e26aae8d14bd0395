/**
 * Generated inputs for the benchmark and the incremental-parse equivalence test:
 * a large Ray Serve config, a large Triton ensemble and a vLLM config with every
 * argument of the shipped schema set. Deterministic, so runs are comparable.
 */
import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** Ray Serve multi-application config: `apps` applications of `deps` deployments each (300 × 3 ≈ 17k lines). */
export function largeRayServe(apps = 300, deps = 3): string {
  const out: string[] = [
    '# servescope: gpu=A10G count=4096',
    '# Generated: a large multi-application Ray Serve config for the benchmark.',
    'proxy_location: EveryNode',
    'http_options:',
    '  host: 0.0.0.0',
    '  port: 8000',
    '  request_timeout_s: 60',
    'grpc_options:',
    '  port: 9000',
    '  grpc_servicer_functions: []',
    'logging_config:',
    '  encoding: JSON',
    '  log_level: INFO',
    '  logs_dir: null',
    '  enable_access_log: true',
    'applications:',
  ];
  for (let a = 0; a < apps; a++) {
    out.push(
      `  - name: app_${a}`,
      `    route_prefix: /app_${a}`,
      `    import_path: services.app_${a}.main:deployment_graph`,
      '    runtime_env:',
      `      working_dir: "s3://bucket/releases/app_${a}.zip"`,
      '      env_vars:',
      `        APP_ID: "app_${a}"`,
      '        LOG_LEVEL: INFO',
      '    args:',
      `      model_path: /models/app_${a}`,
      '    deployments:',
    );
    for (let d = 0; d < deps; d++) {
      out.push(
        `      - name: Deployment${d}_${a}`,
        `        max_ongoing_requests: ${16 + d * 8}`,
        '        max_queued_requests: 256',
        '        graceful_shutdown_timeout_s: 20.0',
        '        autoscaling_config:',
        `          min_replicas: ${1 + (d % 2)}`,
        `          max_replicas: ${4 + d}`,
        '          target_ongoing_requests: 4',
        '          upscale_delay_s: 30.0',
        '          downscale_delay_s: 600.0',
        '        user_config:',
        `          threshold: 0.${5 + (d % 4)}`,
        '        ray_actor_options:',
        `          num_cpus: ${d + 1}`,
        `          num_gpus: ${d === 0 ? 1 : 0}`,
      );
    }
  }
  return out.join('\n') + '\n';
}

/** Triton ensemble with `steps` chained steps, each mapping one tensor to the next. */
export function largeTritonEnsemble(steps = 200): string {
  const out: string[] = [
    '# Generated: a Triton ensemble of many chained steps for the benchmark.',
    'name: "big_ensemble"',
    'platform: "ensemble"',
    'max_batch_size: 8',
    'input [',
    '  { name: "INPUT", data_type: TYPE_FP32, dims: [ 16 ] }',
    ']',
    'output [',
    '  { name: "OUTPUT", data_type: TYPE_FP32, dims: [ 16 ] }',
    ']',
    'ensemble_scheduling {',
    '  step [',
  ];
  for (let i = 0; i < steps; i++) {
    const src = i === 0 ? 'INPUT' : `T${i - 1}`;
    const dst = i === steps - 1 ? 'OUTPUT' : `T${i}`;
    out.push(
      '    {',
      `      model_name: "stage_${i}"`,
      '      model_version: -1',
      `      input_map { key: "in" value: "${src}" }`,
      `      output_map { key: "out" value: "${dst}" }`,
      `    }${i === steps - 1 ? '' : ','}`,
    );
  }
  out.push('  ]', '}');
  return out.join('\n') + '\n';
}

type Schema = Record<string, unknown>;

/** A vLLM config with every argument of schemas/vllm.schema.json set to a value that argument's schema accepts. */
export function fullVllmConfig(): string {
  const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'vllm.schema.json'), 'utf8')) as { properties: Record<string, Schema> };
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
  const lines = ['# servescope: gpu=H100-SXM-80GB count=8', '# Generated: every vLLM argument set, for the benchmark.'];
  for (const [key, prop] of Object.entries(schema.properties)) {
    const check = ajv.compile(prop);
    const value = candidates(prop).find((v) => check(v));
    if (value === undefined) continue;
    lines.push(`${key}: ${yamlScalar(value)}`);
  }
  return lines.join('\n') + '\n';
}

function candidates(prop: Schema): unknown[] {
  const out: unknown[] = [];
  if (prop.default !== undefined && prop.default !== null) out.push(prop.default);
  if (Array.isArray(prop.enum)) out.push(...prop.enum.filter((e) => e !== null));
  if (Array.isArray(prop.examples)) out.push(...prop.examples);
  const min = typeof prop.minimum === 'number' ? prop.minimum : typeof prop.exclusiveMinimum === 'number' ? prop.exclusiveMinimum + 1 : 1;
  for (const alt of [prop, ...((prop.anyOf ?? prop.oneOf ?? []) as Schema[])]) {
    if (alt.const !== undefined) out.push(alt.const);
    if (Array.isArray(alt.enum)) out.push(...alt.enum.filter((e) => e !== null));
  }
  out.push('auto', min, 1, 0.5, true, 'x', [], {}, [1], ['x'], null);
  return out;
}

/** Flow-style YAML for a JSON value (JSON is valid YAML flow syntax); plain where safe. */
function yamlScalar(v: unknown): string {
  if (typeof v === 'string') return /^[A-Za-z0-9_./-]+$/.test(v) && !/^(true|false|yes|no|on|off|null|~|y|n)$/i.test(v) && !/^[0-9.]/.test(v) ? v : JSON.stringify(v);
  return JSON.stringify(v);
}

/**
 * A deploy folder's worth of manifests in one file: `pairs` RayServices running Ray
 * Serve LLM in serveConfigV2 and as many Deployments running `vllm serve`, from the
 * k8s examples, separated by `---`.
 */
export function largeManifest(pairs = 10): string {
  const dir = join(__dirname, '..', 'examples', 'k8s');
  const ray = readFileSync(join(dir, 'rayservice-llm.yaml'), 'utf8');
  const dep = readFileSync(join(dir, 'vllm-deployment.yaml'), 'utf8');
  const docs: string[] = [];
  for (let i = 0; i < pairs; i++) docs.push(ray.replace('name: qwen-chat', `name: qwen-chat-${i}`), dep.replace('name: llama-8b\n', `name: llama-8b-${i}\n`));
  return docs.join('---\n');
}
