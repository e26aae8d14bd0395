/**
 * A quick-fix is offered only when applying it gives a valid value: on inputs whose
 * numbers are already nonsense the schema error speaks, and no fix writes -0, swaps
 * in a negative replica count or "writes" 1e+308 as an integer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { fixesFor } from '../../server/src/core/editing/fixes';

function fixTitles(uri: string, text: string, code: string): string[][] {
  const a = analyze({ uri, text });
  const found = a.findings.filter((f) => f.code === code);
  assert.ok(found.length, `${code} not reported: ${a.findings.map((f) => f.code).join()}`);
  return found.map((f) => fixesFor(f, a).map((x) => x.title));
}

test('an integer argument written as a float gets "Write N" only when N has digits to write', () => {
  const vllm = (v: string) => `# servescope: vllm\nmodel: facebook/opt-125m\nmax-num-seqs: ${v}\n`;
  assert.deepEqual(fixTitles('file:///w/vllm.yaml', vllm('64.0'), 'vllm/integer-argument-decimal'), [['Write 64']]);
  assert.deepEqual(fixTitles('file:///w/vllm.yaml', vllm('1e300'), 'vllm/integer-argument-decimal'), [[]]);
});

test('min_replicas above max_replicas: swap only replica counts', () => {
  const ray = (min: string, max: string) =>
    `applications:\n  - name: a\n    import_path: m:app\n    deployments:\n      - name: D\n        autoscaling_config:\n          min_replicas: ${min}\n          max_replicas: ${max}\n`;
  assert.deepEqual(fixTitles('file:///w/serve_config.yaml', ray('4', '2'), 'rayserve/autoscaling-max-below-min'), [['Swap min_replicas and max_replicas (min 2, max 4)']]);
  assert.deepEqual(fixTitles('file:///w/serve_config.yaml', ray('4', '-2'), 'rayserve/autoscaling-max-below-min'), [[]]);
});
