import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parsePbtxt } from '../../server/src/core/parse/pbtxt';
import type { SourceNode } from '../../server/src/core/types';

const here = dirname(fileURLToPath(import.meta.url));
const schemaPath = join(here, '../../schemas/triton.schema.json');
const corpusDir = join(here, '../../../shared/corpus/triton');
const corpusDirAbs = existsSync(corpusDir) ? corpusDir : '/work/shared/corpus/triton';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = Record<string, unknown>;

const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Schema;

function compile(): ValidateFunction {
  // Union types are how int64 fields accept the quoted form; everything else stays strict.
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  ajv.addVocabulary(['x-proto-map', 'x-oneof', 'x-triton-version', 'x-added']);
  return ajv.compile(schema);
}

function resolve(s: Schema | undefined): Schema | undefined {
  if (!s || typeof s.$ref !== 'string') return s;
  const name = s.$ref.replace('#/$defs/', '');
  return (schema.$defs as Record<string, Schema>)[name];
}

/**
 * Turn a pbtxt node into the JSON the schema describes: repeated keys collect
 * into arrays where the schema says the field is an array, lists flatten into them.
 */
function toJson(node: SourceNode | null, s: Schema | undefined): Json {
  s = resolve(s);
  if (!node) return null;
  // ajv's number type rejects Infinity/NaN, so inf/nan travel as their source text (the schema allows it for floats).
  if (node.kind === 'scalar') {
    return typeof node.value === 'number' && !Number.isFinite(node.value) ? node.source : node.value;
  }
  if (node.kind === 'seq') {
    const items = resolve(s?.items as Schema | undefined);
    return node.items.map((n) => toJson(n, items));
  }
  const props = (s?.properties ?? {}) as Record<string, Schema>;
  const out: { [k: string]: Json } = {};
  for (const pair of node.pairs) {
    const key = String(pair.key.value);
    const ps = resolve(props[key]);
    if (ps?.type === 'array') {
      const items = resolve(ps.items as Schema);
      const prev = (out[key] as Json[] | undefined) ?? [];
      const add = pair.value?.kind === 'seq' ? pair.value.items.map((n) => toJson(n, items)) : [toJson(pair.value, items)];
      out[key] = [...prev, ...add];
    } else {
      out[key] = toJson(pair.value, ps);
    }
  }
  return out;
}

function expectations(): Map<string, string> {
  const rows = readFileSync(join(corpusDirAbs, 'PROVENANCE.tsv'), 'utf8').trim().split(/\r?\n/).slice(1);
  return new Map(rows.map((r) => r.split('\t')).map((c) => [c[0]!, c[5]!]));
}

function validateFile(validate: ValidateFunction, file: string): ErrorObject[] {
  const tree = parsePbtxt(readFileSync(join(corpusDirAbs, file), 'utf8'));
  assert.equal(tree.errors.length, 0, `${file} should parse`);
  const ok = validate(toJson(tree.roots[0]!, schema));
  return ok ? [] : [...(validate.errors ?? [])];
}

describe('triton.schema.json', () => {
  it('compiles with ajv 2020 in strict mode', () => {
    assert.equal(typeof compile(), 'function');
  });

  it('marks every map field and uses arrays for repeated fields', () => {
    const text = JSON.stringify(schema);
    for (const field of ['cc_model_filenames', 'metric_tags', 'parameters', 'input_map', 'output_map', 'priority_queue_policy', 'inputs']) {
      assert.match(text, new RegExp(`"${field}":\\{"type":"array","x-proto-map":true`), field);
    }
    const top = schema.properties as Record<string, Schema>;
    for (const field of ['input', 'output', 'instance_group', 'model_warmup', 'batch_input', 'batch_output']) {
      assert.equal(top[field]!.type, 'array', field);
    }
    assert.equal(top.dynamic_batching!['x-oneof'], 'scheduling_choice');
    assert.ok(schema['x-triton-version']);
  });

  it('gives every property a description', () => {
    const missing: string[] = [];
    const walk = (s: unknown, path: string): void => {
      if (!s || typeof s !== 'object') return;
      const o = s as Schema;
      for (const [k, v] of Object.entries((o.properties ?? {}) as Record<string, Schema>)) {
        if (!v.description && !(path.endsWith('items') && (k === 'key' || k === 'value'))) missing.push(`${path}.${k}`);
        walk(v, `${path}.${k}`);
      }
      walk(o.items, `${path}.items`);
      for (const [k, v] of Object.entries((o.$defs ?? {}) as Record<string, Schema>)) walk(v, `$defs.${k}`);
    };
    walk(schema, '');
    assert.deepEqual(missing, []);
  });

  it('rejects unknown fields, wrong enum values and negative max_batch_size', () => {
    const validate = compile();
    assert.equal(validate(toJson(parsePbtxt('max_batch_size: 8\nmax_batchsize: 4').roots[0]!, schema)), false);
    assert.equal(validate(toJson(parsePbtxt('instance_group { kind: KIND_TPU }').roots[0]!, schema)), false);
    assert.equal(validate(toJson(parsePbtxt('max_batch_size: -1').roots[0]!, schema)), false);
    assert.equal(validate(toJson(parsePbtxt('input { name: "x" data_type: TYPE_FP32 dims: [ -1, 3 ] }').roots[0]!, schema)), true);
    // int64 may be quoted in text format; int32 may not.
    assert.equal(validate(toJson(parsePbtxt('version_policy { specific { versions: ["3"] } }').roots[0]!, schema)), true);
    assert.equal(validate(toJson(parsePbtxt('max_batch_size: "8"').roots[0]!, schema)), false);
  });

  it('encodes the load-time checks that are plain shape constraints', () => {
    const validate = compile();
    const ok = (text: string) => {
      const tree = parsePbtxt(text);
      assert.deepEqual(tree.errors, [], text);
      return validate(toJson(tree.roots[0]!, schema));
    };
    // Triton: "dimension must be integer >= 1, or -1 to indicate a variable-size dimension"
    assert.equal(ok('input { name: "x" data_type: TYPE_FP32 dims: [ 0 ] }'), false);
    assert.equal(ok('output { name: "y" data_type: TYPE_FP32 dims: [ -2 ] }'), false);
    assert.equal(ok('input { name: "x" data_type: TYPE_FP32 dims: [ 1 ] reshape { shape: [ ] } }'), true);
    // "dynamic batching preferred size must be positive"
    assert.equal(ok('max_batch_size: 8 dynamic_batching { preferred_batch_size: [ 0 ] }'), false);
    // "batch input data type must be TYPE_INT32 or TYPE_FP32" / "expects 1 source input"
    assert.equal(ok('batch_input { kind: BATCH_ELEMENT_COUNT target_name: "n" data_type: TYPE_INT64 source_input: "x" }'), false);
    assert.equal(ok('batch_input { kind: BATCH_ELEMENT_COUNT target_name: "n" data_type: TYPE_INT32 source_input: [ "x", "y" ] }'), false);
    assert.equal(ok('batch_input { kind: BATCH_ELEMENT_COUNT target_name: "n" data_type: TYPE_INT32 source_input: "x" }'), true);
    // "must specify 'input_map' in step 0 of ensemble"
    assert.equal(ok('platform: "ensemble" ensemble_scheduling { step { model_name: "a" output_map { key: "o" value: "O" } } }'), false);
    // "sequence batching control 'int32_false_true' must have exactly 2 entries"
    assert.equal(ok('sequence_batching { control_input { name: "S" control { kind: CONTROL_SEQUENCE_START int32_false_true: [ 0, 1, 2 ] } } }'), false);
    // "sequence batching minimum slot utilization must be in range (0.0, 1.0]"
    assert.equal(ok('sequence_batching { direct { minimum_slot_utilization: 1.5 } }'), false);
    assert.equal(ok('model_metrics { metric_control { metric_identifier { family: "f" } histogram_options { buckets: [ 0.5, 1e3, inf ] } } }'), true);
  });

  const present = existsSync(corpusDirAbs);
  it('accepts every expected-valid corpus file', { skip: present ? false : `corpus folder missing: ${corpusDirAbs}` }, () => {
    const validate = compile();
    const valid = [...expectations()].filter(([f, e]) => e === 'valid' && f.endsWith('.pbtxt')).map(([f]) => f);
    assert.ok(valid.length >= 10, 'corpus lists valid files');
    const failures = valid.map((f) => ({ f, errors: validateFile(validate, f) })).filter((r) => r.errors.length > 0);
    assert.deepEqual(failures.map((r) => `${r.f}: ${JSON.stringify(r.errors.slice(0, 3))}`), []);
  });

  it('flags the negative max_batch_size fixture at /max_batch_size', { skip: present ? false : `corpus folder missing: ${corpusDirAbs}` }, () => {
    const errors = validateFile(compile(), 'server__qa_L0_model_config__negative_max_batch_size__config.pbtxt');
    assert.ok(errors.some((e) => e.instancePath === '/max_batch_size' && e.keyword === 'minimum'), JSON.stringify(errors));
  });

  it('accepts the runtime-only invalid files (the problem is outside the config)', { skip: present ? false : `corpus folder missing: ${corpusDirAbs}` }, () => {
    const validate = compile();
    const files = [...expectations()].filter(([, e]) => e === 'invalid-at-runtime').map(([f]) => f);
    for (const f of files) assert.deepEqual(validateFile(validate, f), [], f);
  });
});
