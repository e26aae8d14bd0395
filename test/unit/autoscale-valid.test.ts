/**
 * The generated autoscaling files against what their consumers accept: the Kubernetes
 * objects against the required fields of KEDA's ScaledObject CRD and the autoscaling/v2
 * API (small schemas in test/fixtures/autoscale/schemas/, each citing the source it was
 * written from), and the Ray Serve and BentoML settings through ServeScope's own schema
 * and rules, pasted into a config the way a user would.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parseAllDocuments } from 'yaml';
import { analyze } from '../../server/src/core/analyze';
import { renderAutoscaling } from '../../server/src/core/autoscale';
import { ARTIFACTS, PLANS } from './autoscale-cases';

const SCHEMAS = path.resolve(__dirname, '..', 'fixtures', 'autoscale', 'schemas');
const ajv = new Ajv2020({ allErrors: true, strict: false });
for (const f of fs.readdirSync(SCHEMAS)) ajv.addSchema(JSON.parse(fs.readFileSync(path.join(SCHEMAS, f), 'utf8')));

function docs(text: string): unknown[] {
  const all = parseAllDocuments(text);
  for (const d of all) assert.deepEqual(d.errors.map((e) => e.message), [], 'parses as YAML');
  return all.map((d) => d.toJS());
}

/** Schema errors, plus the one rule a schema can't say: a target's value field matches its type. */
function k8sProblems(obj: unknown): string[] {
  const o = obj as { kind?: string; spec?: { metrics?: { external?: { target: Record<string, unknown> } }[] } };
  const id = o.kind === 'ScaledObject' ? 'keda-scaledobject-v1alpha1.schema.json' : 'hpa-v2.schema.json';
  const validate = ajv.getSchema(id)!;
  const out = validate(obj) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  for (const m of o.spec?.metrics ?? []) {
    const t = m.external?.target;
    const field = ({ Value: 'value', AverageValue: 'averageValue', Utilization: 'averageUtilization' } as Record<string, string>)[String(t?.type)];
    if (t && !(field && field in t)) out.push(`target ${String(t.type)} without its value`);
  }
  return out;
}

describe('Kubernetes objects have the fields the API requires', () => {
  for (const a of ARTIFACTS.filter((x) => x.format === 'keda' || x.format === 'hpa')) {
    test(a.file, () => {
      const [obj, ...rest] = docs(renderAutoscaling(a.format, a.plan));
      assert.equal(rest.length, 0, 'one object per file');
      assert.deepEqual(k8sProblems(obj), []);
    });
  }

  test('the check finds a broken object', () => {
    const [keda] = docs(renderAutoscaling('keda', PLANS.vllm)) as { spec: Record<string, unknown> & { triggers: { metadata: Record<string, unknown> }[] } }[];
    keda.spec.triggers[0].metadata.threshold = 5;
    delete keda.spec.scaleTargetRef;
    assert.deepEqual(k8sProblems(keda).sort(), ['/spec must have required property \'scaleTargetRef\'', '/spec/triggers/0/metadata/threshold must be string'].sort());
    const [hpa] = docs(renderAutoscaling('hpa', PLANS.vllm)) as { spec: { maxReplicas?: number; metrics: { external: { target: Record<string, unknown> } }[] } }[];
    delete hpa.spec.maxReplicas;
    delete hpa.spec.metrics[0].external.target.averageValue;
    assert.deepEqual(k8sProblems(hpa).sort(), ['/spec must have required property \'maxReplicas\'', 'target AverageValue without its value'].sort());
  });
});

describe('Ray Serve and BentoML settings pass ServeScope\'s own checks', () => {
  test('the Ray Serve block, pasted under a deployment, has no error and trips no autoscaling rule', () => {
    const block = renderAutoscaling('ray', PLANS.rayserve).split('\n').map((l) => (l ? `        ${l}` : l)).join('\n');
    const text = `applications:\n  - name: app\n    import_path: app.main:deployment\n    deployments:\n      - name: Model\n${block}`;
    const a = analyze({ uri: 'file:///w/serve_config.yaml', text });
    assert.equal(a.detection.schema, 'rayserve');
    assert.deepEqual(a.findings.filter((f) => f.severity === 'error' || /autoscaling|ongoing|replicas/.test(f.code)).map((f) => `${f.code}: ${f.message}`), []);
    const v = (a.value!.value as { applications: { deployments: Record<string, unknown>[] }[] }).applications[0].deployments[0];
    assert.deepEqual(v.autoscaling_config, { min_replicas: 2, max_replicas: 4, target_ongoing_requests: 23, upscale_delay_s: 12, downscale_delay_s: 600 });
    assert.equal(v.max_ongoing_requests, 256);
  });

  test('the BentoML configuration validates; the BentoCloud part carries the bounds', () => {
    const text = renderAutoscaling('bentoml', PLANS.bentoml);
    const [config, cloud] = docs(text) as Record<string, unknown>[];
    const first = text.split('\n---\n')[0] + '\n';
    const a = analyze({ uri: 'file:///w/bentoml_configuration.yaml', text: first });
    assert.equal(a.detection.format, 'bentoml');
    assert.deepEqual(a.findings.filter((f) => f.severity === 'error').map((f) => `${f.code}: ${f.message}`), []);
    assert.deepEqual(config.services, { VLLMService: { traffic: { concurrency: 23, max_concurrency: 256 } } });
    assert.deepEqual(cloud.services, { VLLMService: { scaling: { min_replicas: 2, max_replicas: 4 } } });
  });
});
