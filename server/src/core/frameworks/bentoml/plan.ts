/**
 * BentoML runtime config → ServingPlan: each entry of `services` (current era) with
 * its GPU resources and traffic limits. Bentofiles describe a build, not a deployment,
 * so they have no plan.
 */
import type { AdapterInput } from '../adapter';
import type { ServedDeployment, ServingPlan } from '../../plan';
import { locate, type ValueWithOrigins } from '../../schema/value';
import { isNum, isStr, sourced, valueAtPath } from '../sourced';

export function planFromBentoml(input: AdapterInput, v: ValueWithOrigins): ServingPlan | undefined {
  if (input.schema !== 'bentoml-config') return undefined;
  const services = valueAtPath(v.value, ['services']);
  if (!services || typeof services !== 'object' || Array.isArray(services)) return undefined;
  const deployments: ServedDeployment[] = [];
  for (const name of Object.keys(services)) {
    const base = ['services', name];
    const loc = locate(input.root, v, base);
    const gpu = sourced(input.root, v, [...base, 'resources', 'gpu'], isNum);
    const gpuType = sourced(input.root, v, [...base, 'resources', 'gpu_type'], isStr);
    // A GPU service whose model the `# servescope: model=...` comment names is sized as a vLLM
    // server over its GPUs (how BentoML's LLM examples run), with the comment as the model's source.
    const model = input.modeline?.model && gpu && gpu.value >= 1 ? input.modeline.model : undefined;
    deployments.push({
      name,
      range: loc.node?.range ?? { start: 0, end: 0 },
      engine: model ? 'vllm' : 'other',
      model: model ? { id: { value: model, range: input.modeline!.range, path: '# servescope: model' } } : {},
      modelFromComment: model ? true : undefined,
      hardware: { gpu: gpuType, gpusPerReplica: gpu, origin: gpuType ? 'file' : undefined },
      parallelism: model && gpu ? { tensor: gpu } : {},
      replicas: { fixed: sourced(input.root, v, [...base, 'workers'], isNum) },
      admission: {
        maxOngoing: sourced(input.root, v, [...base, 'traffic', 'max_concurrency'], isNum),
        timeoutS: sourced(input.root, v, [...base, 'traffic', 'timeout'], isNum),
      },
    });
  }
  return { format: 'bentoml', deployments };
}
