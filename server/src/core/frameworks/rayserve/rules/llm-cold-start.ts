/**
 * The estimated cold start of each Serve LLM deployment that autoscales, for the rules that
 * weigh autoscaling delays and timeouts against it. Only LLM configs the capacity model sized
 * (a known model and GPU) have one: their weight size sets the load time.
 */
import { coldStart, type ColdStart } from '../../../planner/coldStart';
import { isFiniteNum, isObj, llmConfigs, loc, type A, type Block, type Obj } from './serve-blocks';

export interface AutoscaledLlm {
  config: Block;
  /** Path of the autoscaling_config block. */
  path: string[];
  autoscaling: Obj;
  cold: ColdStart;
  /** For messages: the model and GPU the estimate is for. */
  what: string;
}

export function autoscaledLlms(a: A): AutoscaledLlm[] {
  const out: AutoscaledLlm[] = [];
  for (const c of llmConfigs(a)) {
    const dc = c.value.deployment_config;
    if (!isObj(dc) || !isObj(dc.autoscaling_config)) continue;
    const node = loc(a, c.path).node;
    const pe = a.estimates.find((e) => node && e.deployment.range.start === node.range.start);
    const mem = pe?.estimate?.memory;
    if (!pe?.input || !mem) continue;
    const gpu = pe.estimate?.gpu?.name ?? pe.input.gpu;
    out.push({
      config: c,
      path: [...c.path, 'deployment_config', 'autoscaling_config'],
      autoscaling: dc.autoscaling_config,
      cold: coldStart(mem.weightsGib),
      what: `${pe.input.model} on ${typeof gpu === 'string' ? gpu : 'the GPU'}`,
    });
  }
  return out;
}

/** The proxy's end-to-end timeout, `http_options.request_timeout_s`, when the config sets one. */
export function requestTimeoutS(a: A): number | undefined {
  const root = a.value?.value;
  const t = isObj(root) && isObj(root.http_options) ? root.http_options.request_timeout_s : undefined;
  return isFiniteNum(t) ? t : undefined;
}
