/**
 * Ray Serve → ServingPlan. Each Serve LLM config (inline in `args.llm_configs`,
 * `args.llm_config`, PD `prefill_config`/`decode_config`, or a standalone LLMConfig
 * file) becomes a vLLM deployment; plain deployments keep replicas and GPUs so the
 * cluster-size rules can add them up.
 */
import type { AdapterInput } from '../adapter';
import type { ReplicaSpec, ServedDeployment, ServingPlan } from '../../plan';
import { locate, type ValueWithOrigins } from '../../schema/value';
import type { SourceNode } from '../../types';
import { planFromEngineArgs } from '../../engineArgs/plan';
import { isNum, isStr, sourced, valueAtPath } from '../sourced';
import { perApplication } from './perApplication';

const LLM_ARG_KEYS = ['llm_configs', 'llm_config', 'prefill_config', 'decode_config'];

export function planFromRayServe(input: AdapterInput, v: ValueWithOrigins): ServingPlan | undefined {
  const root = input.root;
  const deployments: ServedDeployment[] = [];
  if (input.schema === 'rayserve-llm') {
    deployments.push(llmDeployment(root, v, [], 'LLMConfig'));
    return { format: 'rayserve', deployments };
  }
  const apps = valueAtPath(v.value, ['applications']);
  const appList: { path: string[]; name: string }[] = Array.isArray(apps)
    ? apps.map((a, i) => ({ path: ['applications', String(i)], name: String((a as { name?: unknown })?.name ?? `app ${i}`) }))
    : valueAtPath(v.value, ['import_path']) !== undefined
      ? [{ path: [], name: 'default' }]
      : [];
  for (const app of appList) {
    const node = app.path.length ? locate(root, v, app.path).node : undefined;
    const text = node ? input.text.slice(node.range.start, node.range.end) : '';
    deployments.push(...perApplication(app.path[1] ?? '', text, node?.range, () => applicationDeployments(root, v, app)));
  }
  return { format: 'rayserve', deployments };
}

/** The deployments one application contributes: its Serve LLM configs, then its plain deployments. */
function applicationDeployments(root: SourceNode | null, v: ValueWithOrigins, app: { path: string[]; name: string }): ServedDeployment[] {
  const deployments: ServedDeployment[] = [];
  const args = valueAtPath(v.value, [...app.path, 'args']);
  if (args && typeof args === 'object' && !Array.isArray(args)) {
    for (const key of LLM_ARG_KEYS) {
      const cfg = (args as Record<string, unknown>)[key];
      const list = Array.isArray(cfg) ? cfg.map((c, i) => ({ c, p: [key, String(i)] })) : cfg ? [{ c: cfg, p: [key] }] : [];
      for (const { c, p } of list) {
        if (c && typeof c === 'object') deployments.push(llmDeployment(root, v, [...app.path, 'args', ...p], `${app.name}/${modelIdOf(c) ?? key}`));
      }
    }
  }
  const deps = valueAtPath(v.value, [...app.path, 'deployments']);
  if (Array.isArray(deps)) {
    deps.forEach((d, i) => {
      const base = [...app.path, 'deployments', String(i)];
      const loc = locate(root, v, base);
      deployments.push({
        name: `${app.name}/${String((d as { name?: unknown })?.name ?? i)}`,
        range: loc.node?.range ?? { start: 0, end: 0 },
        engine: 'other',
        model: {},
        hardware: { gpusPerReplica: sourced(root, v, [...base, 'ray_actor_options', 'num_gpus'], isNum) },
        parallelism: {},
        replicas: replicasAt(root, v, base),
        admission: {
          maxOngoing: sourced(root, v, [...base, 'max_ongoing_requests'], isNum) ?? sourced(root, v, [...base, 'max_concurrent_queries'], isNum),
          maxQueued: sourced(root, v, [...base, 'max_queued_requests'], isNum),
        },
      });
    });
  }
  return deployments;
}

function modelIdOf(c: object): string | undefined {
  const id = valueAtPath(c, ['model_loading_config', 'model_id']);
  return typeof id === 'string' ? id : undefined;
}

function llmDeployment(root: SourceNode | null, v: ValueWithOrigins, base: string[], name: string): ServedDeployment {
  const loc = locate(root, v, base);
  const dep = planFromEngineArgs(root, v, [...base, 'engine_kwargs'], name, loc.node?.range ?? root?.range ?? { start: 0, end: 0 });
  // The served model comes from model_loading_config; engine_kwargs.model is rarely set.
  dep.model.id =
    sourced(root, v, [...base, 'model_loading_config', 'model_source'], isStr) ??
    sourced(root, v, [...base, 'model_loading_config', 'model_id'], isStr) ??
    dep.model.id;
  const acc = sourced(root, v, [...base, 'accelerator_type'], isStr);
  if (acc) dep.hardware = { gpu: acc, origin: 'file' };
  const dc = [...base, 'deployment_config'];
  dep.replicas = replicasAt(root, v, dc);
  dep.admission.maxOngoing = sourced(root, v, [...dc, 'max_ongoing_requests'], isNum);
  return dep;
}

function replicasAt(root: SourceNode | null, v: ValueWithOrigins, base: string[]): ReplicaSpec {
  const as = [...base, 'autoscaling_config'];
  return {
    fixed: sourced(root, v, [...base, 'num_replicas'], isNum),
    min: sourced(root, v, [...as, 'min_replicas'], isNum),
    initial: sourced(root, v, [...as, 'initial_replicas'], isNum),
    max: sourced(root, v, [...as, 'max_replicas'], isNum),
    targetOngoing:
      sourced(root, v, [...as, 'target_ongoing_requests'], isNum) ?? sourced(root, v, [...as, 'target_num_ongoing_requests_per_replica'], isNum),
  };
}
