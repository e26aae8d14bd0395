import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const schemaDir = join(here, '../../schemas');
const corpusRoot = existsSync(join(here, '../../../shared/corpus')) ? join(here, '../../../shared/corpus') : '/work/shared/corpus';

type SchemaName = 'rayserve' | 'rayserve-llm' | 'rayllm-legacy' | 'bentofile' | 'bentoml-config';
type Schema = Record<string, unknown>;
const SCHEMAS: SchemaName[] = ['rayserve', 'rayserve-llm', 'rayllm-legacy', 'bentofile', 'bentoml-config'];
/** Annotation keywords these schemas use; rules and hovers read them, ajv must only accept them. */
const X_VOCABULARY = ['x-deprecated', 'x-validate-as', 'x-validate-as-omit', 'x-variants', 'x-ignored', 'x-ray-version', 'x-bentoml-version', 'x-unknown-keys', 'x-added', 'x-removed'];

const raw = new Map<SchemaName, Schema>(SCHEMAS.map((n) => [n, JSON.parse(readFileSync(join(schemaDir, `${n}.schema.json`), 'utf8')) as Schema]));

function compileAll(): Map<SchemaName, ValidateFunction> {
  // Same options as the core registry: strict, with union types for nullable fields.
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  ajv.addVocabulary(X_VOCABULARY);
  return new Map(SCHEMAS.map((n) => [n, ajv.compile(raw.get(n)!)]));
}
const validators = compileAll();

/** Errors a user would see: drop the if/then/anyOf wrappers ajv adds around the real cause. */
function errorsOf(name: SchemaName, doc: unknown): ErrorObject[] {
  const v = validators.get(name)!;
  if (v(doc)) return [];
  return (v.errors ?? []).filter((e) => !['if', 'anyOf', 'oneOf'].includes(e.keyword));
}
const show = (errs: ErrorObject[]) => errs.map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('\n');

/**
 * Which schema a document needs, from its content alone (the same keys a detector should use):
 * Serve configs have applications/import_path, LLMConfig files model_loading_config,
 * legacy RayLLM files engine_config; bentofiles have a string `service`.
 */
function schemaFor(folder: string, doc: unknown): SchemaName {
  const d = (doc && typeof doc === 'object' ? doc : {}) as Record<string, unknown>;
  if (folder === 'bentoml') return typeof d.service === 'string' ? 'bentofile' : 'bentoml-config';
  if ('applications' in d || 'import_path' in d) return 'rayserve';
  if ('model_loading_config' in d) return 'rayserve-llm';
  if ('engine_config' in d) return 'rayllm-legacy';
  return 'rayserve';
}

/** Invalid fixtures a schema can catch, with where the error must point. */
const CATCHABLE: Record<string, string> = {
  'ray__test_config_files__bad_single_config.yaml': '/import_path',
  'BentoML__testdata__bentobuildconfig_invalid7.yaml': '/docker/env/1',
};
/** Version- or platform-dependent files: what the schema reports for them. */
const UNKNOWN_EXPECT: Record<string, string[]> = {
  // Anyscale service keys are not part of OSS Serve
  'ray-serve-llm-perf-examples__horizontal_scaling__oss_4x.yaml': ['working_dir', 'name', 'compute_config', 'image_uri'],
  // singular `model:` is not a bentofile field (it is `models:`)
  'BentoML__examples_model_load_store_lora__bentofile.yaml': ['model'],
  'BentoML__testdata__realworld_bentofile.yaml': [],
  'Zenno-ML__bentoml_configuration.yaml': [],
};

function readProvenance(dir: string): Map<string, string> {
  const rows = readFileSync(join(dir, 'PROVENANCE.tsv'), 'utf8').trim().split('\n').slice(1);
  return new Map(rows.map((r) => r.split('\t')).map((c) => [c[0], c[5]]));
}

describe('Ray Serve and BentoML schemas', () => {
  it('compile under ajv 2020 strict mode (strictRequired too) with only the declared x- keywords', () => {
    const ajv = new Ajv2020({ strict: true, strictRequired: true, allErrors: true, allowUnionTypes: true });
    ajv.addVocabulary(X_VOCABULARY);
    for (const n of SCHEMAS) assert.doesNotThrow(() => ajv.compile(raw.get(n)!), n);
  });

  it('keep every description to one line', () => {
    const bad: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${path}/${i}`));
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === 'description' && typeof v === 'string' && (v.includes('\n') || v.length === 0)) bad.push(`${path}/${k}`);
          walk(v, `${path}/${k}`);
        }
      }
    };
    for (const n of SCHEMAS) walk(raw.get(n), n);
    assert.deepEqual(bad, []);
  });

  for (const folder of ['rayserve', 'rayserve-llm', 'bentoml']) {
    describe(`corpus/${folder}`, () => {
      const dir = join(corpusRoot, folder);
      if (!existsSync(join(dir, 'PROVENANCE.tsv'))) {
        it('corpus present', (t) => t.skip(`no corpus at ${dir}`));
        return;
      }
      const expected = readProvenance(dir);
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))) {
        it(file, (t) => {
          const want = expected.get(file);
          if (!want) return t.skip('not listed in PROVENANCE.tsv');
          const doc: unknown = parseYaml(readFileSync(join(dir, file), 'utf8'));
          const name = schemaFor(folder, doc);
          const errs = errorsOf(name, doc);
          if (want === 'valid' || want === 'invalid-at-runtime') {
            assert.equal(errs.length, 0, `${name} schema rejected a ${want} file:\n${show(errs)}`);
          } else if (want === 'invalid') {
            const at = CATCHABLE[file];
            if (at === undefined) return t.skip('cross-field rule (duplicates, distro/conda/cuda, placement groups): not a schema check');
            assert.ok(errs.some((e) => e.instancePath === at), `expected an error at ${at}, got:\n${show(errs)}`);
          } else if (want === 'unknown' && UNKNOWN_EXPECT[file]) {
            const extras = errs.filter((e) => e.keyword === 'additionalProperties').map((e) => String(e.params.additionalProperty));
            assert.deepEqual(extras.sort(), [...UNKNOWN_EXPECT[file]].sort(), show(errs));
            assert.equal(errs.length, extras.length, show(errs));
          } else {
            t.diagnostic(`${want}: ${errs.length} schema error(s)`);
          }
        });
      }
    });
  }
});

describe('field checks users see', () => {
  const rs = (yaml: string) => errorsOf('rayserve', parseYaml(yaml));
  const paths = (errs: ErrorObject[]) => [...new Set(errs.map((e) => e.instancePath))];

  it('accepts num_replicas "auto" and rejects other strings', () => {
    const ok = 'applications:\n- name: a\n  import_path: m:app\n  deployments:\n  - {name: D, num_replicas: auto}\n';
    assert.deepEqual(rs(ok), []);
    assert.ok(paths(rs(ok.replace('auto', 'many'))).includes('/applications/0/deployments/0/num_replicas'));
  });

  it('flags a route_prefix without a leading slash and an import path without module separator', () => {
    const errs = rs('applications:\n- name: a\n  import_path: app\n  route_prefix: api\n');
    assert.ok(paths(errs).includes('/applications/0/route_prefix'));
    assert.ok(paths(errs).includes('/applications/0/import_path'));
  });

  it('flags misspelt autoscaling keys but recognises the deprecated ones', () => {
    const typo = rs('applications:\n- name: a\n  import_path: m:app\n  deployments:\n  - name: D\n    autoscaling_config: {max_replicas: 2, target_ongoing_requets: 2}\n');
    assert.ok(typo.some((e) => e.params.additionalProperty === 'target_ongoing_requets'));
    const old = 'applications:\n- name: a\n  import_path: m:app\n  deployments:\n  - name: D\n    max_concurrent_queries: 10\n    autoscaling_config: {max_replicas: 2, target_num_ongoing_requests_per_replica: 2, smoothing_factor: 0.5}\n';
    assert.deepEqual(rs(old), []);
  });

  it('marks renamed fields deprecated with their replacement', () => {
    const defs = raw.get('rayserve')!.$defs as Record<string, { properties: Record<string, Schema> }>;
    const dep = (def: string, prop: string) => defs[def].properties[prop];
    assert.equal(dep('Deployment', 'max_concurrent_queries').deprecated, true);
    assert.deepEqual(dep('Deployment', 'max_concurrent_queries')['x-deprecated'], { since: '2.10', replacement: 'max_ongoing_requests' });
    assert.equal((dep('AutoscalingConfig', 'target_num_ongoing_requests_per_replica')['x-deprecated'] as Schema).replacement, 'target_ongoing_requests');
    assert.equal(dep('HTTPOptions', 'num_cpus').deprecated, true);
  });

  it('knows host/port inside an application (the rule rayserve/host-port-in-application rejects them) and accepts them in the legacy single-app format', () => {
    // Known to the schema so the error comes from the rule with Serve's own message,
    // not from an "unknown field, ignored" warning that would contradict it.
    assert.deepEqual(rs('applications:\n- {name: a, import_path: m:app, host: 0.0.0.0}\n'), []);
    assert.deepEqual(rs('import_path: m:app\nhost: 0.0.0.0\nport: 8000\n'), []);
  });

  it('checks Ray Serve LLM builder args against LLMConfig, and leaves other builders free-form', () => {
    const errs = rs('applications:\n- name: a\n  import_path: ray.serve.llm:build_openai_app\n  args:\n    llm_configs:\n    - model_loading_config: {model_id: x}\n      accelerator_type: RTX4090\n');
    assert.ok(paths(errs).includes('/applications/0/args/llm_configs/0/accelerator_type'));
    const pd = rs('applications:\n- name: a\n  import_path: ray.serve.llm:build_pd_openai_app\n  args: {prefill_config: cfg.yaml}\n');
    assert.ok(pd.some((e) => e.params.missingProperty === 'decode_config'));
    assert.deepEqual(rs('applications:\n- name: a\n  import_path: my.builder:app\n  args: {llm_configs: 3}\n'), []);
  });

  it('knows the fields current Ray accepts: gang scheduling, deployment actors, policy_kwargs, LLMConfig server_cls', () => {
    const cur =
      'applications:\n- name: a\n  import_path: m:app\n  deployments:\n  - name: D\n    num_replicas: 4\n' +
      '    gang_scheduling_config: {gang_size: 2, gang_placement_strategy: STRICT_PACK, runtime_failure_policy: RESTART_REPLICA}\n' +
      '    deployment_actors: [{name: counter, actor_class: m:Counter, init_kwargs: {start: 0}, actor_options: {num_cpus: 0.01}}]\n' +
      '    max_constructor_retry_count: 5\n' +
      '    ray_actor_options: {label_selector: {ray.io/accelerator-type: H100}}\n' +
      '  - name: E\n    autoscaling_config: {max_replicas: 4, policy: {policy_function: m:policy, policy_kwargs: {k: 1}}}\n';
    assert.deepEqual(show(rs(cur)), '');
    const bad = rs(cur.replace('gang_size: 2', 'gang_size: 0').replace('STRICT_PACK', 'TIGHT'));
    assert.ok(paths(bad).includes('/applications/0/deployments/0/gang_scheduling_config/gang_size'));
    assert.ok(paths(bad).includes('/applications/0/deployments/0/gang_scheduling_config/gang_placement_strategy'));
    assert.ok(rs(cur.replace('{name: counter, ', '{')).some((e) => e.params.missingProperty === 'name'));
    assert.deepEqual(show(errorsOf('rayserve-llm', parseYaml('model_loading_config: {model_id: x}\nserver_cls: my.mod:MyServer\nuse_cpu: true\n'))), '');
    assert.ok(errorsOf('rayserve-llm', parseYaml('model_loading_config: {model_id: x}\nserver_class: my.mod:MyServer\n')).some((e) => e.params.additionalProperty === 'server_class'));
  });

  it('routes engine_kwargs to the vLLM validator', () => {
    const llm = raw.get('rayserve-llm')!.$defs as Record<string, { properties: Record<string, Schema> }>;
    assert.equal(llm.LLMConfig.properties.engine_kwargs['x-validate-as'], 'vllm');
  });

  it('rejects an LLMConfig deployment_config with placement groups (Ray Serve LLM sets them)', () => {
    const errs = errorsOf('rayserve-llm', parseYaml('model_loading_config: {model_id: x}\ndeployment_config: {placement_group_bundles: [{GPU: 1}]}\n'));
    assert.ok(errs.some((e) => e.params.additionalProperty === 'placement_group_bundles'));
  });

  it('checks bentofile enums and docker.env items', () => {
    const errs = errorsOf('bentofile', parseYaml('service: s:S\ndocker:\n  distro: ubuntu\n  cuda_version: "13.0"\n  env: [A=1, "B=has space"]\n'));
    assert.ok(paths(errs).includes('/docker/distro'));
    assert.ok(paths(errs).includes('/docker/cuda_version'));
    assert.ok(paths(errs).includes('/docker/env/1'));
    assert.deepEqual(errorsOf('bentofile', parseYaml('service: s:S\ndocker: {env: {A: "1"}, cuda_version: "12.1"}\nenvs: [{name: HF_TOKEN}]\n')), []);
  });

  it('picks the BentoML config version from content and checks the matching era', () => {
    const v2 = errorsOf('bentoml-config', parseYaml('version: 2\nservices:\n  MyService:\n    workers: 0\n    traffic: {timeout: 30, concurrency: 8}\n'));
    assert.deepEqual(paths(v2), ['/services/MyService/workers']);
    const v1 = errorsOf('bentoml-config', parseYaml('api_server: {backlog: 10}\nrunners: {my_runner: {workers_per_resource: 0}}\n'));
    assert.deepEqual(paths(v1).sort(), ['/api_server/backlog', '/runners/my_runner/workers_per_resource']);
    // a v2-only key in a v1 file is reported, not silently accepted
    assert.ok(errorsOf('bentoml-config', parseYaml('version: 1\napi_server: {threads: 2}\n')).some((e) => e.params.additionalProperty === 'threads'));
  });
});
