/**
 * The ensemble's steps and their tensor maps, as Triton's BuildEnsembleGraph reads
 * them: map entries with a repeated key keep only the last one.
 */
import { isObj, list, mapEntries, str, type MapEntry, type Obj, type Path } from './model-config';

export interface Step {
  index: number;
  path: Path;
  step: Obj;
  modelName: string | undefined;
  inputs: MapEntry[];
  outputs: MapEntry[];
}

export function ensembleSteps(cfg: Obj): Step[] | undefined {
  const es = cfg.ensemble_scheduling;
  if (!isObj(es)) return undefined;
  const out: Step[] = [];
  list(es.step).forEach((s, index) => {
    if (!isObj(s)) return;
    out.push({
      index,
      path: ['ensemble_scheduling', 'step', index],
      step: s,
      modelName: str(s.model_name),
      inputs: mapEntries(s.input_map),
      outputs: mapEntries(s.output_map),
    });
  });
  return out;
}

/** True when a step lacks what Triton needs to build the graph (reported by ensemble-step-incomplete). */
export function stepIncomplete(s: Step): boolean {
  return !s.modelName || s.inputs.length === 0 || s.outputs.length === 0;
}
