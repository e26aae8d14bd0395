/**
 * The `ray_actor_options` blocks of a Serve config, for the rules that repeat the checks
 * Ray applies to them (ray._common.ray_option_utils.validate_actor_options) when Serve
 * builds each replica's ReplicaConfig.
 */
import { type A, type Block, deploymentBlocks, isObj, type Obj } from './serve-blocks';

export interface ActorOptions {
  path: string[];
  value: Obj;
  /** The deployment, for messages. */
  label: string;
}

export function actorOptionBlocks(a: A): ActorOptions[] {
  const out: ActorOptions[] = [];
  for (const d of deploymentBlocks(a) as Block[]) {
    const rao = d.value.ray_actor_options;
    if (isObj(rao)) out.push({ path: [...d.path, 'ray_actor_options'], value: rao, label: d.label });
  }
  return out;
}

/** Ray's resource unit: quantities are kept in 1/10000ths (ray._raylet.RESOURCE_UNIT_SCALING). */
export const RESOURCE_UNIT_SCALING = 10000;

/**
 * `_validate_resource_quantity`'s precision test: a non-zero float whose quantity in
 * resource units truncates to 0. JS numbers are the same doubles as Python floats, so
 * the truncation gives the same answer; YAML integers are never floats there.
 */
export function tooFine(q: number, isFloat: () => boolean): boolean {
  // Asked last: finding the number's source node for every quantity of a large file costs milliseconds.
  return q !== 0 && Math.trunc(q * RESOURCE_UNIT_SCALING) === 0 && isFloat();
}
