/**
 * Autoscaling generated from the SLA plan: which artifacts fit which framework, and one
 * entry point that renders them. Ray Serve and BentoML scale their own replicas; a vLLM
 * server or a Triton model on Kubernetes is scaled by KEDA or an HPA.
 */
import type { ObserveFramework } from '../observe/metrics';
import { renderBentomlAutoscaling } from './bentoml';
import type { AutoscalePlan } from './derive';
import { renderHpa, renderKeda, type KubernetesOptions } from './kubernetes';
import { renderRayAutoscaling } from './ray';

export type AutoscaleFormat = 'ray' | 'keda' | 'hpa' | 'bentoml';
export const AUTOSCALE_FORMATS: readonly AutoscaleFormat[] = ['ray', 'keda', 'hpa', 'bentoml'];

/** The formats a framework's file can be scaled with; the first is the default. */
export const FORMATS_FOR: Readonly<Record<ObserveFramework, readonly AutoscaleFormat[]>> = {
  vllm: ['keda', 'hpa'],
  triton: ['keda', 'hpa'],
  rayserve: ['ray'],
  bentoml: ['bentoml'],
};

/** File suffix of each artifact under --out. */
export const SUFFIX: Readonly<Record<AutoscaleFormat, string>> = {
  ray: 'ray-autoscaling.yaml',
  keda: 'keda-scaledobject.yaml',
  hpa: 'hpa.yaml',
  bentoml: 'bentoml-scaling.yaml',
};

export function renderAutoscaling(format: AutoscaleFormat, p: AutoscalePlan, o: KubernetesOptions = {}): string {
  switch (format) {
    case 'ray':
      return renderRayAutoscaling(p);
    case 'keda':
      return renderKeda(p, o);
    case 'hpa':
      return renderHpa(p, o);
    case 'bentoml':
      return renderBentomlAutoscaling(p);
  }
}

export { deriveAutoscaling, type AutoscalePlan } from './derive';
