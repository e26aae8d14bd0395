// Checks schemas/vllm.schema.json: it compiles under ajv's strict mode, every argument is
// documented, vLLM's own range checks are encoded, and real configs that vLLM accepts pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const schemaPath = path.resolve(here, '../../schemas/vllm.schema.json');
const corpusDir = '/work/shared/corpus/vllm';

type PropSchema = Record<string, unknown> & {
  description?: string;
  type?: string | string[];
  'x-removed'?: { in: string; replacement: string | null; note: string };
  'x-negatable'?: boolean;
};
type VllmSchema = { properties: Record<string, PropSchema>; 'x-vllm-version': string };

const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as VllmSchema;

// The schema uses union types such as ["integer","string"] on purpose (vLLM accepts "32k"
// and 32768 alike), so strict mode needs allowUnionTypes; everything else stays strict.
const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
ajv.addVocabulary(['x-vllm-version', 'x-negatable', 'x-json', 'x-group', 'x-removed', 'x-deprecated', 'x-added']);
const validate = ajv.compile(schema);

function errorsOf(doc: unknown): string {
  validate(doc);
  return ajv.errorsText(validate.errors);
}
function accepts(doc: Record<string, unknown>): void {
  assert.equal(validate(doc), true, `expected valid: ${JSON.stringify(doc)}\n${errorsOf(doc)}`);
}
function rejects(doc: Record<string, unknown>): void {
  assert.equal(validate(doc), false, `expected invalid: ${JSON.stringify(doc)}`);
}

/**
 * Mirrors what ServeScope does before validating a vLLM config: dashes become underscores,
 * `no-flag: true` becomes `flag: false` for negatable flags, and dotted keys such as
 * `compilation_config.cudagraph_mode` become nested objects (vLLM merges them the same way).
 */
function normalise(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of Object.entries(raw)) {
    const [head, ...rest] = rawKey.trim().replace(/-/g, '_').split('.');
    let key = head;
    let v = value;
    if (key.startsWith('no_') && schema.properties[key.slice(3)]?.['x-negatable'] && rest.length === 0) {
      key = key.slice(3);
      v = value === true ? false : value;
    }
    if (rest.length > 0) {
      const nested: Record<string, unknown> = (typeof out[key] === 'object' && out[key] !== null ? out[key] : {}) as Record<string, unknown>;
      let cursor = nested;
      for (const [i, part] of rest.entries()) {
        if (i === rest.length - 1) cursor[part] = v;
        else cursor = (cursor[part] ??= {}) as Record<string, unknown>;
      }
      out[key] = nested;
    } else {
      out[key] = v;
    }
  }
  return out;
}

test('schema compiles in strict mode and declares its vLLM version', () => {
  assert.equal(typeof validate, 'function');
  assert.match(schema['x-vllm-version'], /^0\.\d+\.(x|\d+)$/);
});

test('every property has a one-line description and a type, or is marked removed', () => {
  const names = Object.keys(schema.properties);
  assert.ok(names.length >= 150, `only ${names.length} properties`);
  for (const [name, prop] of Object.entries(schema.properties)) {
    assert.match(name, /^[a-z0-9_]+$/, `${name} is not in underscore form`);
    assert.equal(typeof prop.description, 'string', `${name} lacks a description`);
    assert.ok(prop.description!.length > 0 && prop.description!.length <= 140, `${name} description length`);
    assert.ok(!prop.description!.includes('\n'), `${name} description spans lines`);
    if (prop['x-removed']) {
      assert.equal(prop.type, undefined, `${name} is removed but still constrains its value`);
      assert.match(prop['x-removed'].in, /^\d+\.\d+\.\d+$/);
      const repl = prop['x-removed'].replacement;
      if (repl !== null) assert.ok(schema.properties[repl] && !schema.properties[repl]['x-removed'], `${name} points at unknown replacement ${repl}`);
    } else {
      assert.ok(prop.type !== undefined, `${name} lacks a type`);
    }
  }
});

test('ranges that vLLM config classes enforce are enforced', () => {
  accepts({ gpu_memory_utilization: 0.9 });
  accepts({ gpu_memory_utilization: 1 });
  rejects({ gpu_memory_utilization: 1.5 });
  rejects({ gpu_memory_utilization: 0 });
  rejects({ tensor_parallel_size: 0 });
  rejects({ pipeline_parallel_size: 0 });
  rejects({ max_num_seqs: 0 });
  rejects({ tensor_parallel_size: '2' });
  rejects({ max_lora_rank: 24 });
  accepts({ max_lora_rank: 64 });
});

test('human-readable sizes and auto are accepted where vLLM parses them', () => {
  accepts({ max_model_len: 32768 });
  accepts({ max_model_len: '32k' });
  accepts({ max_model_len: '1M' });
  accepts({ max_model_len: '25.6k' });
  accepts({ max_model_len: 'auto' });
  accepts({ max_model_len: -1 });
  rejects({ max_model_len: 0 });
  rejects({ max_model_len: '1.5M' }); // binary suffixes take whole numbers only
  rejects({ max_model_len: 'lots' });
  accepts({ max_num_batched_tokens: '8k' });
  rejects({ max_num_batched_tokens: 'auto' });
});

test('enums, flags, lists and JSON-valued arguments take the shapes vLLM accepts', () => {
  accepts({ dtype: 'bfloat16' });
  rejects({ dtype: 'fp16' });
  accepts({ kv_cache_dtype: 'fp8' });
  rejects({ kv_cache_dtype: 'int3' });
  rejects({ enforce_eager: 'true' }); // vLLM would pass "true" as a stray positional argument
  accepts({ served_model_name: ['a', 'b'] });
  accepts({ served_model_name: 'a' });
  accepts({ speculative_config: { method: 'ngram', num_speculative_tokens: 5, some_future_key: 1 } });
  accepts({ speculative_config: '{"method": "ngram", "num_speculative_tokens": 5}' });
  rejects({ speculative_config: { num_speculative_tokens: 0 } });
  accepts({ compilation_config: { cudagraph_mode: 'FULL_DECODE_ONLY' } });
  rejects({ compilation_config: { cudagraph_mode: 'SOMETIMES' } });
  rejects({ allowed_origins: ['*'] }); // json.loads type without nargs: a YAML list breaks argparse
  accepts({ allowed_origins: '["https://example.com"]' });
  assert.equal(schema.properties.enable_prefix_caching['x-negatable'], true);
  assert.equal(schema.properties.disable_log_stats['x-negatable'], undefined);
});

test('unknown keys are rejected and removed keys stay known', () => {
  rejects({ max_seq_len: 4096 });
  rejects({ tensor_paralel_size: 2 });
  for (const name of ['swap_space', 'task', 'use_v2_block_manager', 'disable_log_requests', 'num_lookahead_slots', 'max_paddings', 'scheduler_delay_factor', 'worker_use_ray', 'engine_use_ray', 'device', 'max_seq_len_to_capture']) {
    assert.ok(schema.properties[name]?.['x-removed'], `${name} should be marked removed`);
  }
  assert.equal(schema.properties.disable_log_requests['x-removed']?.replacement, 'enable_log_requests');
  assert.equal(schema.properties.task['x-removed']?.replacement, 'runner');
});

test('normalisation mirrors vLLM: dashes, no- negation and dotted keys', () => {
  assert.deepEqual(normalise({ 'no-enable-prefix-caching': true, 'tensor-parallel-size': 2, 'compilation_config.cudagraph_mode': 'FULL' }), {
    enable_prefix_caching: false,
    tensor_parallel_size: 2,
    compilation_config: { cudagraph_mode: 'FULL' },
  });
});

test('configs that vLLM accepts (corpus, expected valid) validate', (t) => {
  const provenance = path.join(corpusDir, 'PROVENANCE.tsv');
  if (!existsSync(provenance)) {
    t.skip(`corpus not found at ${corpusDir}`);
    return;
  }
  const [header, ...rows] = readFileSync(provenance, 'utf8').trim().split('\n').map((l) => l.split('\t'));
  const fileCol = header.indexOf('file');
  const expectedCol = header.indexOf('expected');
  const valid = rows.filter((r) => r[expectedCol] === 'valid').map((r) => r[fileCol]);
  assert.ok(valid.length > 0, 'no expected-valid vLLM configs in the corpus');
  for (const file of valid) {
    const raw = parseYaml(readFileSync(path.join(corpusDir, file), 'utf8')) as Record<string, unknown>;
    const doc = normalise(raw);
    for (const key of Object.keys(doc)) {
      assert.ok(schema.properties[key], `${file}: unknown key ${key}`);
    }
    assert.equal(validate(doc), true, `${file}: ${ajv.errorsText(validate.errors)}`);
  }
});
