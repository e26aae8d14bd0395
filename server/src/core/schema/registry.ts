/**
 * The JSON schemas in `schemas/`, each compiled once with ajv.
 *
 * They are imported like the capacity data (`capacity/data/*.json`): the bundles carry
 * them, tests running from source read the same files, and the core reads no disk to
 * find them (the extension's install directory is the host's business, not the analysis').
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { SchemaId } from '../types';
import vllm from '../../../../schemas/vllm.schema.json';
import triton from '../../../../schemas/triton.schema.json';
import rayserve from '../../../../schemas/rayserve.schema.json';
import rayserveLlm from '../../../../schemas/rayserve-llm.schema.json';
import rayllmLegacy from '../../../../schemas/rayllm-legacy.schema.json';
import bentofile from '../../../../schemas/bentofile.schema.json';
import bentomlConfig from '../../../../schemas/bentoml-config.schema.json';

export type JsonSchema = Record<string, unknown>;

const SCHEMAS: Record<SchemaId, JsonSchema> = {
  vllm,
  triton,
  rayserve,
  'rayserve-llm': rayserveLlm,
  'rayllm-legacy': rayllmLegacy,
  bentofile,
  'bentoml-config': bentomlConfig,
};

const compiled = new Map<SchemaId, ValidateFunction>();
let ajv: Ajv2020 | undefined;

export function loadSchema(id: SchemaId): JsonSchema {
  return SCHEMAS[id];
}

/** All schemas by `$id`, so cross-file `$ref`s (Ray Serve → LLMConfig) resolve. */
export function schemaById(id: string): JsonSchema | undefined {
  return Object.values(SCHEMAS).find((s) => s.$id === id);
}

function getAjv(): Ajv2020 {
  if (ajv) return ajv;
  ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, validateFormats: true });
  addFormats(ajv);
  // Our annotation keywords (x-removed, x-negatable, ...) carry data for rules and
  // hovers; ajv only needs to know they are not typos.
  const xKeys = new Set<string>();
  for (const s of Object.values(SCHEMAS)) collectXKeys(s, xKeys);
  if (xKeys.size) ajv.addVocabulary([...xKeys]);
  for (const s of Object.values(SCHEMAS)) if (typeof s.$id === 'string' && !ajv.getSchema(s.$id)) ajv.addSchema(s);
  return ajv;
}

function collectXKeys(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) collectXKeys(n, out);
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith('x-')) out.add(k);
      // Property names are data, not keywords: recurse into their schemas only.
      collectXKeys(v, out);
    }
  }
}

export function validator(id: SchemaId): ValidateFunction {
  let v = compiled.get(id);
  if (!v) {
    const s = loadSchema(id);
    const a = getAjv();
    v = (typeof s.$id === 'string' ? a.getSchema(s.$id) : undefined) ?? a.compile(s);
    compiled.set(id, v);
  }
  return v;
}
