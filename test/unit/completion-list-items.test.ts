/**
 * Completion inside one item of a YAML list offers the keys that item lacks: the
 * item's own `- key:` line counts as present, the next item's keys do not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { completionsAt } from '../../server/src/core/editing/completion';

test('a deployment item: its name and num_replicas are present, the next item\'s keys are not', () => {
  const marked =
    'applications:\n  - name: a\n    import_path: m:app\n    deployments:\n      - name: D\n        num_replicas: 2\n        |\n      - name: E\n        max_ongoing_requests: 5\n';
  const offset = marked.indexOf('|');
  const a = analyze({ uri: 'file:///repo/serve_config.yaml', text: marked.replace('|', '') });
  const labels = completionsAt(a, offset)!.items.map((i) => i.label);
  assert.ok(!labels.includes('name'), 'name is the item\'s first key');
  assert.ok(!labels.includes('num_replicas'));
  assert.ok(labels.includes('max_ongoing_requests'), 'set only in the next item');
  assert.ok(labels.includes('autoscaling_config'));
});
