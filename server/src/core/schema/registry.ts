/**
 * Loads the JSON schemas shipped in `schemas/` and compiles each once with ajv.
 *
 * Schemas are read from disk at first use rather than bundled so the extension,
 * the CLI and the tests (running from source) all use the same files, and a
 * schema edit needs no rebuild.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SchemaId } from '../types';

export type JsonSchema = Record<string, unknown>;

const FILES: Record<SchemaId, string> = {
  vllm: 'vllm.schema.json',
  triton: 'triton.schema.json',
  rayserve: 'rayserve.schema.json',
  'rayserve-llm': 'rayserve-llm.schema.json',
  'rayllm-legacy': 'rayllm-legacy.schema.json',
  bentofile: 'bentofile.schema.json',
  'bentoml-config': 'bentoml-config.schema.json',
};

let schemaDir: string | undefined;

/** Where `schemas/` lives: next to the bundle in dist/, or at the repo root when running from source. */
export function findSchemaDir(): string {
  if (schemaDir) return schemaDir;
  const fromEnv = process.env.SERVESCOPE_SCHEMAS;
  if (fromEnv && fs.existsSync(fromEnv)) return (schemaDir = fromEnv);
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const candidate = path.join(dir, 'schemas');
    if (fs.existsSync(path.join(candidate, 'vllm.schema.json'))) return (schemaDir = candidate);
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error(`ServeScope schemas not found above ${__dirname}`);
}

const raw = new Map<SchemaId, JsonSchema>();
const compiled = new Map<SchemaId, ValidateFunction>();
let ajv: Ajv2020 | undefined;

export function loadSchema(id: SchemaId): JsonSchema {
  let s = raw.get(id);
  if (!s) {
    s = JSON.parse(fs.readFileSync(path.join(findSchemaDir(), FILES[id]), 'utf8')) as JsonSchema;
    raw.set(id, s);
  }
  return s;
}

/** All schemas by `$id`, so cross-file `$ref`s (Ray Serve → LLMConfig) resolve. */
export function schemaById(id: string): JsonSchema | undefined {
  for (const sid of Object.keys(FILES) as SchemaId[]) {
    const s = tryLoad(sid);
    if (s && s.$id === id) return s;
  }
  return undefined;
}

function tryLoad(id: SchemaId): JsonSchema | undefined {
  try {
    return loadSchema(id);
  } catch {
    return undefined;
  }
}

function getAjv(): Ajv2020 {
  if (ajv) return ajv;
  ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, validateFormats: true });
  addFormats(ajv);
  // Our annotation keywords (x-removed, x-negatable, ...) carry data for rules and
  // hovers; ajv only needs to know they are not typos.
  const xKeys = new Set<string>();
  for (const sid of Object.keys(FILES) as SchemaId[]) {
    const s = tryLoad(sid);
    if (s) collectXKeys(s, xKeys);
  }
  if (xKeys.size) ajv.addVocabulary([...xKeys]);
  for (const sid of Object.keys(FILES) as SchemaId[]) {
    const s = tryLoad(sid);
    if (s && typeof s.$id === 'string' && !ajv.getSchema(s.$id)) ajv.addSchema(s);
  }
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
