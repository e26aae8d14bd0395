/**
 * The generated autoscaling files against what their consumers accept: the Kubernetes
 * objects through kubernetes-models' validators (generated from the Kubernetes OpenAPI
 * spec and KEDA's CRD, the schemas the API server itself applies), and the Ray Serve and
 * BentoML settings through ServeScope's own schema and rules, pasted into a config the
 * way a user would.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { analyze } from '../../server/src/core/analyze';
import { renderAutoscaling } from '../../server/src/core/autoscale';
import { ARTIFACTS, PLANS } from './autoscale-cases';

function docs(text: string): unknown[] {
  const all = parseAllDocuments(text);
  for (const d of all) assert.deepEqual(d.errors.map((e) => e.message), [], 'parses as YAML');
  return all.map((d) => d.toJS());
}

/** What the validator of the object's kind rejects, one line per error; [] when it is valid. */
function validatorErrors(obj: unknown): string[] {
  const o = obj as { kind?: string };
  const model = o.kind === 'ScaledObject' ? new ScaledObject(obj as ConstructorParameters<typeof ScaledObject>[0]) : o.kind === 'HorizontalPodAutoscaler' ? new HorizontalPodAutoscaler(obj as ConstructorParameters<typeof HorizontalPodAutoscaler>[0]) : undefined;
  if (!model) return [`no validator for kind ${String(o.kind)}`];
  try {
    model.validate();
    return [];
  } catch (err) {
    const details = (err as { errors?: { instancePath?: string; message?: string }[] }).errors;
    return details?.length ? details.map((e) => `${e.instancePath ?? ''} ${e.message ?? ''}`.trim()) : [String((err as Error).message)];
  }
}

type Windows = { behavior?: Record<string, { stabilizationWindowSeconds?: number } | undefined> };

/**
 * Validator errors, plus the two rules the API server checks beyond its OpenAPI schema
 * (kubernetes pkg/apis/autoscaling/validation): a target carries the value field its type
 * names, and a stabilization window is at most 3600 s.
 */
function k8sProblems(obj: unknown): string[] {
  const o = obj as { spec?: Windows & { advanced?: { horizontalPodAutoscalerConfig?: Windows }; metrics?: { external?: { target: Record<string, unknown> } }[] } };
  const out = validatorErrors(obj);
  for (const b of [o.spec?.behavior, o.spec?.advanced?.horizontalPodAutoscalerConfig?.behavior])
    for (const [dir, rules] of Object.entries(b ?? {})) {
      const w = rules?.stabilizationWindowSeconds;
      if (typeof w === 'number' && (w < 0 || w > 3600)) out.push(`${dir} window ${w} s outside 0–3600`);
    }
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
      const [obj, ...rest] = docs(renderAutoscaling(a.format, a.plan, 'options' in a ? a.options : {}));
      assert.equal(rest.length, 0, 'one object per file');
      assert.deepEqual(k8sProblems(obj), []);
    });
  }

  test('the check finds a broken object', () => {
    const [keda] = docs(renderAutoscaling('keda', PLANS.vllm)) as { spec: Record<string, unknown> & { triggers: { metadata: Record<string, unknown> }[] } }[];
    keda.spec.triggers[0].metadata.threshold = 5;
    delete keda.spec.scaleTargetRef;
    assert.deepEqual(k8sProblems(keda).sort(), ['/spec must have required property scaleTargetRef', '/spec/triggers/0/metadata/threshold must be string'].sort());
    const [hpa] = docs(renderAutoscaling('hpa', PLANS.vllm)) as { spec: { maxReplicas?: number; metrics: { external: { target: Record<string, unknown> } }[] } }[];
    delete hpa.spec.maxReplicas;
    delete hpa.spec.metrics[0].external.target.averageValue;
    // Deep in the object too: the OpenAPI spec types the stabilization window as an integer.
    const behavior = (hpa.spec as unknown as { behavior: Record<string, Record<string, unknown>> }).behavior;
    behavior.scaleDown.stabilizationWindowSeconds = '600';
    behavior.scaleUp.stabilizationWindowSeconds = 7200;
    assert.deepEqual(
      k8sProblems(hpa).sort(),
      ['/spec must have required property maxReplicas', '/spec/behavior/scaleDown/stabilizationWindowSeconds must be integer', 'scaleUp window 7200 s outside 0–3600', 'target AverageValue without its value'].sort(),
    );
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
