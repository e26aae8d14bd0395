/**
 * The advisor side of the engine-argument table: the JSON schema of the
 * arguments `estimate_what_if` may override, their validation, and their
 * application to the capacity engine's input. Names are vLLM's, so the model,
 * the CLI and the file share one vocabulary.
 */
import type { EstimateInput } from '../capacity/types';
import { ARGS, type ArgKind, type ENGINE_ARGS, type EngineArgSpec } from './table';

type JsonSchemaProp = Record<string, unknown>;

type ValueOf<K extends ArgKind> = K extends 'int' | 'humanInt' | 'float' ? number : K extends 'bool' ? boolean : string;

/** The what-if's engine-argument overrides, typed from the table's rows (`tensor_parallel_size?: number`...). */
export type WhatIfArgs = { [R in Extract<(typeof ENGINE_ARGS)[number], { whatIf: true }> as R['name']]?: ValueOf<R['kind']> };

/** The rows the what-if offers. */
export function whatIfArgs(): EngineArgSpec[] {
  return ARGS.filter((a) => a.whatIf && a.estimate);
}

/** One property of the tool's input schema. */
function schemaOf(a: EngineArgSpec): JsonSchemaProp {
  const text = a.units ? `${a.description} (${a.units})` : a.description;
  if (a.kind === 'int' || a.kind === 'humanInt') return { type: 'integer', minimum: 1, description: text };
  if (a.kind === 'float') return a.range === 'fraction' ? { type: 'number', exclusiveMinimum: 0, maximum: 1, description: text } : { type: 'number', description: text };
  if (a.kind === 'bool') return { type: 'boolean', description: text };
  return { type: 'string', description: text };
}

/** `properties` of the what-if tool for the engine arguments, keyed by vLLM name. */
export function whatIfSchemaProperties(): Record<string, JsonSchemaProp> {
  return Object.fromEntries(whatIfArgs().map((a) => [a.name, schemaOf(a)]));
}

/** Why a what-if value is not acceptable for the argument, or undefined when it is. */
export function whatIfValueProblem(a: EngineArgSpec, v: unknown): string | undefined {
  if (a.kind === 'int' || a.kind === 'humanInt') return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? undefined : 'must be a positive integer';
  if (a.kind === 'float') {
    if (typeof v !== 'number' || !Number.isFinite(v)) return 'must be a number';
    return a.range === 'fraction' && (v <= 0 || v > 1) ? 'must be in (0, 1]' : undefined;
  }
  if (a.kind === 'bool') return typeof v === 'boolean' ? undefined : 'must be true or false';
  return typeof v === 'string' && v.trim() !== '' && v.length <= 200 ? undefined : 'must be a non-empty string';
}

/** The engine input with the overrides the what-if gives; `unset` words ("none", "auto") clear the argument. */
export function applyWhatIf(input: EstimateInput, overrides: Readonly<Record<string, unknown>>): EstimateInput {
  const out: Record<string, unknown> = { ...input };
  for (const a of whatIfArgs()) {
    const v = overrides[a.name];
    if (v === undefined) continue;
    out[a.estimate!] = a.unset !== undefined && v === a.unset ? undefined : v;
  }
  return out as unknown as EstimateInput;
}
