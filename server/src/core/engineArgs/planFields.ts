/**
 * The ServingPlan side of the engine-argument table: which values a kind
 * accepts, how the plan's fields are filled from a reader, and how one argument
 * is read back from a deployment.
 */
import type { AdmissionSpec, ModelSpec, ParallelismSpec, ServedDeployment, Sourced } from '../plan';
import type { EstimateInput } from '../capacity/types';
import { parseHumanInt } from './humanInt';
import { ARGS, engineArg, type ArgKind, type PlannedArg } from './table';

/** Whether the plan takes a raw value of this kind (human ints are parsed afterwards). */
export function accepts(kind: ArgKind, x: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof x === 'string';
    case 'bool':
      return typeof x === 'boolean';
    case 'int':
    case 'float':
      return typeof x === 'number' && Number.isFinite(x);
    case 'humanInt':
      return parseHumanInt(x) !== undefined;
    case 'json':
      return typeof x === 'object' && x !== null;
  }
}

type Reader = (name: string, accept: (x: unknown) => x is unknown) => Sourced<unknown> | undefined;

/** The model, parallelism and admission fields of a deployment, each argument read once through `read`. */
export function planFields(read: Reader): { model: ModelSpec; parallelism: ParallelismSpec; admission: AdmissionSpec } {
  const groups = { model: {}, parallelism: {}, admission: {} } as Record<'model' | 'parallelism' | 'admission', Record<string, unknown>>;
  for (const a of ARGS) {
    if (!a.plan) continue;
    const s = read(a.name, (x): x is unknown => accepts(a.kind, x));
    if (!s) continue;
    groups[a.plan[0]][a.plan[1]] = a.kind === 'humanInt' ? { ...s, value: parseHumanInt(s.value) } : s;
  }
  return groups as { model: ModelSpec; parallelism: ParallelismSpec; admission: AdmissionSpec };
}

/** The plan's record of one engine argument (undefined when the file leaves it to vLLM). */
export function plannedValue(dep: ServedDeployment, name: PlannedArg): Sourced<unknown> | undefined {
  const [group, field] = engineArg(name)!.plan!;
  return (dep[group] as Record<string, Sourced<unknown> | undefined>)[field];
}

/**
 * The capacity-engine inputs a deployment's engine arguments give, one per row
 * with both a plan field and an estimate field; a value of the wrong type
 * (a number the plan kept as text) is left to the engine's default.
 */
export function engineInputOf(dep: ServedDeployment): Partial<EstimateInput> {
  const out: Record<string, unknown> = {};
  for (const a of ARGS) {
    if (!a.plan || !a.estimate || a.estimate === 'model') continue;
    const v = plannedValue(dep, a.name as PlannedArg)?.value;
    const want = a.kind === 'bool' ? 'boolean' : a.kind === 'string' ? 'string' : 'number';
    if (typeof v === want) out[a.estimate] = v;
  }
  return out as Partial<EstimateInput>;
}

/** The vLLM arguments that give these engine inputs, in the inputs' order (the planner's `settings`). */
export function engineArgsOf(input: Partial<EstimateInput>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [field, v] of Object.entries(input)) {
    const a = ARGS.find((x) => x.estimate === field && x.estimate !== 'model');
    if (a && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) out[a.name] = v;
  }
  return out;
}

/** The engine-input change that setting one argument makes (`max_model_len` 8192 → `{ maxModelLen: 8192 }`). */
export function inputChange(name: PlannedArg, value: string | number | boolean): Partial<EstimateInput> {
  const field = engineArg(name)?.estimate;
  return field ? ({ [field]: value } as Partial<EstimateInput>) : {};
}
