/**
 * The "A requires B" helper on the shapes the rule fixtures leave out: a Ray Serve LLM
 * config with two engine_kwargs sets (only the one lacking B is flagged, and its fix edits
 * that set), and the second of several `when` arguments.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { fixesFor } from '../../server/src/core/editing/fixes';

const ray = (a: string, b: string) => `applications:
  - name: llm
    import_path: ray.serve.llm:build_openai_app
    args:
      llm_configs:
        - model_loading_config:
            model_id: meta-llama/Llama-3.1-8B-Instruct
          engine_kwargs:
${a}
        - model_loading_config:
            model_id: Qwen/Qwen2.5-7B-Instruct
          engine_kwargs:
${b}
`;

function run(text: string, code: string) {
  const a = analyze({ uri: 'file:///w/serve.yaml', text });
  const found = a.findings.filter((f) => f.code === code);
  return found.map((f) => {
    const fix = fixesFor(f, a)[0];
    const after = fix ? [...fix.edits].sort((x, y) => y.range.start - x.range.start).reduce((t, e) => t.slice(0, e.range.start) + e.newText + t.slice(e.range.end), text) : undefined;
    return { flagged: text.slice(f.range.start, f.range.end), line: a.lines.position(f.range.start).line + 1, fix: fix && { title: fix.title, preferred: fix.preferred }, after };
  });
}

test('only the engine_kwargs set without the required argument is flagged, and its fix edits that set', () => {
  const text = ray('            tensor_parallel_size: 2\n            numa_bind_cpus: "0-15"\n            numa_bind: true', '            tensor_parallel_size: 2\n            numa_bind_cpus: "0-15"');
  const r = run(text, 'vllm/numa-bind-options');
  assert.deepEqual(r.map(({ flagged, line, fix }) => ({ flagged, line, fix })), [{ flagged: 'numa_bind_cpus', line: 16, fix: { title: 'Set numa_bind: true', preferred: false } }]);
  assert.equal(r[0].after, text.replace(/numa_bind_cpus: "0-15"\n$/, 'numa_bind_cpus: "0-15"\n            numa_bind: true\n'));
  assert.deepEqual(run(r[0].after!, 'vllm/numa-bind-options'), []);
});

test("a removal fix drops the argument that needed the other, in the set it is in", () => {
  const text = ray('            decode_context_parallel_size: 2\n            dcp_comm_backend: a2a', '            dcp_comm_backend: a2a');
  const r = run(text, 'vllm/dcp-a2a-requires-dcp');
  assert.deepEqual(r.map(({ flagged, line, fix }) => ({ flagged, line, fix })), [{ flagged: 'a2a', line: 14, fix: { title: 'Remove dcp_comm_backend', preferred: false } }]);
  assert.equal(r[0].after, text.replace(/\n            dcp_comm_backend: a2a\n$/, '\n'));
});
