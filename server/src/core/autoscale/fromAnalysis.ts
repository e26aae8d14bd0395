/**
 * The autoscaling artifact of an analysed config, at the traffic and SLO its analysis was
 * run with. `servescope autoscale` and the advisor's architecture view both come through
 * here, so the file the view offers to save is byte for byte the one the CLI writes.
 */
import type { Analysis } from '../analysis';
import { matchersFor } from '../observe/fromAnalysis';
import { deriveAutoscaling, FORMATS_FOR, renderAutoscaling, SUFFIX, type AutoscaleFormat, type AutoscalePlan } from './index';
import type { KubernetesOptions } from './kubernetes';
import { signalUnavailable } from './signal';

export interface AutoscaleArtifact {
  format: AutoscaleFormat;
  plan: AutoscalePlan;
  /** `<name>.<suffix>`: the file `--out` writes. */
  fileName: string;
  text: string;
  /** Things the user should know (several deployments, defaults assumed). */
  notes: string[];
}

export interface AutoscaleFailure {
  error: string;
  /**
   * `format`: the format does not fit the framework; `file`: the error reads after the file's
   * name ("… has no vLLM deployment"); `plan`: the file was read but no plan derived (no SLO,
   * the engine does not start); `unreachable`: no replica count meets the SLO (the CLI exits 1).
   */
  kind: 'format' | 'file' | 'plan' | 'unreachable';
}

/**
 * `file` is the config's absolute path, `name` the artifact name (the CLI's --name). The
 * format defaults to the framework's first in FORMATS_FOR; one that does not fit is an error.
 */
export function autoscaleArtifact(a: Analysis, file: string, name: string, format?: AutoscaleFormat, o: KubernetesOptions = {}): AutoscaleArtifact | AutoscaleFailure {
  const framework = a.detection.format;
  if (!framework) return { error: `is not a recognised serving config (${a.detection.detail}).`, kind: 'file' };
  const allowed = FORMATS_FOR[framework];
  const fmt = format ?? allowed[0];
  if (!allowed.includes(fmt)) return { error: `--format ${fmt} does not fit a ${framework} file; use ${allowed.join(' or ')}`, kind: 'format' };
  if (o.signal && o.signal !== 'queue') {
    if (fmt !== 'keda' && fmt !== 'hpa') return { error: `--signal ${o.signal} is for the Kubernetes autoscalers (keda, hpa); ${fmt === 'ray' ? 'Ray Serve scales on ongoing requests' : 'BentoML scales on concurrency'}`, kind: 'format' };
    const why = signalUnavailable(framework, o.signal);
    if (why) return { error: why, kind: 'format' };
  }
  const sized = a.estimates.filter((e) => e.deployment.engine === 'vllm');
  const pe = sized[0];
  if (!pe) return { error: 'has no vLLM deployment the planner can size (autoscaling is derived from a vLLM engine\'s operating point)', kind: 'file' };
  const notes: string[] = [];
  if (sized.length > 1) notes.push(`${sized.length} vLLM deployments; autoscaling is generated for the first, ${pe.deployment.name}.`);
  // Ray and BentoML name the scaled thing after the deployment; the Kubernetes objects after the artifact name.
  const planName = fmt === 'bentoml' ? pe.deployment.name : name;
  const plan = deriveAutoscaling(planName, framework, pe, pe.sla, matchersFor(framework, file, pe.deployment, a.value?.value));
  if ('error' in plan) {
    const unreachable = !!pe.sla?.op && !(pe.sla.op.maxRps > 0);
    return { error: `${pe.deployment.name}: ${plan.error.replace(/\.+$/, '')}`, kind: unreachable ? 'unreachable' : 'plan' };
  }
  if (pe.deployment.modelFromComment) notes.push('the engine arguments are not in the file (a BentoML service sets them in Python); vLLM defaults were assumed.');
  return { format: fmt, plan, fileName: `${name}.${SUFFIX[fmt]}`, text: renderAutoscaling(fmt, plan, o), notes };
}
