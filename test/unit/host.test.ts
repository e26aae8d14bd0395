/**
 * The injected host (server/src/core/host.ts): the Triton rules see the model repository
 * only through it, so a map is a whole repository, a changed map is a changed repository,
 * and no host is an empty world. The recording wrapper is what the language server
 * watches.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { memoryHost, NO_HOST, readsTouched, recordingHost, type Host } from '../../server/src/core/host';

const ENSEMBLE = `name: "ens"
platform: "ensemble"
max_batch_size: 16
input [ { name: "IN" data_type: TYPE_FP32 dims: [ 4 ] } ]
output [ { name: "OUT" data_type: TYPE_FP32 dims: [ 4 ] } ]
ensemble_scheduling {
  step [
    {
      model_name: "step"
      model_version: 2
      input_map { key: "INPUT0" value: "IN" }
      output_map { key: "OUTPUT0" value: "OUT" }
    }
  ]
}
`;
const step = (max: number) => `name: "step"
backend: "onnxruntime"
max_batch_size: ${max}
input [ { name: "INPUT0" data_type: TYPE_FP32 dims: [ 4 ] } ]
output [ { name: "OUTPUT0" data_type: TYPE_FP32 dims: [ 4 ] } ]
`;

const codes = (text: string, uri: string, host?: Host) =>
  analyze({ uri, text, languageId: 'pbtxt', host })
    .findings.map((f) => f.code)
    .filter((c) => c.startsWith('triton/'));

describe('memoryHost', () => {
  const h = memoryHost({ '/r/a/config.pbtxt': 'x', '/r/a/1/model.onnx': 'yy', '/r/empty/': '' });
  test('directories are implied by the paths', () => {
    assert.deepEqual(h.listDir('/r')?.map((e) => `${e.name}:${e.kind}`).sort(), ['a:dir', 'empty:dir']);
    assert.deepEqual(h.listDir('/r/a')?.map((e) => `${e.name}:${e.kind}`).sort(), ['1:dir', 'config.pbtxt:file']);
    assert.deepEqual(h.listDir('/r/empty'), []);
    assert.equal(h.listDir('/nope'), undefined);
  });
  test('stat and a size-capped read', () => {
    assert.equal(h.stat('/r/a')?.isDir, true);
    assert.equal(h.stat('/r/a/1/model.onnx')?.size, 2);
    assert.equal(h.stat('/r/b'), undefined);
    assert.equal(h.readFile('/r/a/config.pbtxt'), 'x');
    assert.equal(h.readFile('/r/a/1/model.onnx', 1), undefined);
    assert.equal(h.readFile('/r/a'), undefined);
  });
});

describe('the Triton rules read the repository through the host', () => {
  const uri = 'file:///repo/ens/config.pbtxt';
  const repo = (max: number, versions = ['1']) => ({ '/repo/ens/config.pbtxt': ENSEMBLE, '/repo/step/config.pbtxt': step(max), ...Object.fromEntries(versions.map((v) => [`/repo/step/${v}/model.onnx`, 'onnx'])) });

  test('a sibling config from the map; a changed map is a changed repository', () => {
    assert.deepEqual(codes(ENSEMBLE, uri, memoryHost(repo(8))).sort(), ['triton/ensemble-max-batch-size-exceeds-step', 'triton/ensemble-required-version-missing']);
    // Same path, new text: nothing is kept from the previous read.
    assert.deepEqual(codes(ENSEMBLE, uri, memoryHost(repo(32, ['1', '2']))), []);
  });

  test('without a host the core sees nothing beside the text', () => {
    assert.deepEqual(codes(ENSEMBLE, uri), []);
    assert.deepEqual(codes(ENSEMBLE, uri, NO_HOST), []);
  });

  test('name-directory-mismatch and platform-or-backend-required look at the directory through the host', () => {
    const text = 'name: "other"\nmax_batch_size: 0\n';
    const u = 'file:///repo/mine/config.pbtxt';
    assert.deepEqual(codes(text, u, memoryHost({ '/repo/mine/config.pbtxt': text })).sort(), ['triton/name-directory-mismatch', 'triton/platform-or-backend-required']);
    // A version directory may hold the model file Triton infers the backend from.
    assert.deepEqual(codes(text, u, memoryHost({ '/repo/mine/config.pbtxt': text, '/repo/mine/1/': '' })), ['triton/name-directory-mismatch']);
    assert.deepEqual(codes(text, u), []);
  });

  test("instance-groups-overcommit-gpu reads the newest version's model.json", () => {
    const text = 'name: "llm"\nbackend: "vllm"\nmax_batch_size: 0\ninstance_group [ { count: 2 kind: KIND_GPU } ]\n';
    const u = 'file:///repo/llm/config.pbtxt';
    const json = (util: number) => JSON.stringify({ model: 'facebook/opt-125m', gpu_memory_utilization: util });
    assert.ok(codes(text, u, memoryHost({ '/repo/llm/config.pbtxt': text, '/repo/llm/1/model.json': json(0.3), '/repo/llm/2/model.json': json(0.9) })).includes('triton/instance-groups-overcommit-gpu'));
    assert.ok(!codes(text, u, memoryHost({ '/repo/llm/config.pbtxt': text, '/repo/llm/1/model.json': json(0.9), '/repo/llm/2/model.json': json(0.4) })).includes('triton/instance-groups-overcommit-gpu'));
  });

  test('recordingHost: what was read, and which changes touch it', () => {
    const rec = recordingHost(memoryHost(repo(8)));
    analyze({ uri, text: ENSEMBLE, host: rec.host });
    assert.ok(rec.reads.paths.has('/repo/step/config.pbtxt'), [...rec.reads.paths].join(', '));
    assert.ok(readsTouched(rec.reads, '/repo/step/config.pbtxt'));
    // A version directory created in a listed model directory.
    assert.ok(readsTouched(rec.reads, '/repo/step/2'));
    assert.ok(!readsTouched(rec.reads, '/elsewhere/step/config.pbtxt'));
  });

  test("the vLLM backend's model.json comes through the host when no companions are given, and its reads are recorded", () => {
    const text = 'name: "llm"\nbackend: "vllm"\nmax_batch_size: 0\n';
    const u = 'file:///repo/llm/config.pbtxt';
    const rec = recordingHost(memoryHost({ '/repo/llm/config.pbtxt': text, '/repo/llm/1/model.json': JSON.stringify({ model: 'meta-llama/Llama-3.1-8B-Instruct', gpu_memory_utilization: 0.85 }) }));
    const a = analyze({ uri: u, text, host: rec.host });
    assert.equal(a.estimates[0]?.deployment.argsFile, '1/model.json');
    assert.ok(readsTouched(rec.reads, '/repo/llm/1/model.json'));
    // A model.json in a version directory created later: one below the listed model directory.
    assert.ok(readsTouched(rec.reads, '/repo/llm/2/model.json'));
    // Given companions win over the host.
    assert.equal(analyze({ uri: u, text, host: rec.host, companions: {} }).estimates[0]?.deployment.argsFile, undefined);
  });
});
