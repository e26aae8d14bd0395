/**
 * In a Ray Serve file the deprecated/removed-key walk keeps each application's hits by the
 * application's text, so an edit re-walks only the application it touched. The reused hits
 * must land on the keys where they now are: the same findings, at the same ranges, as an
 * analysis of the edited text gives, and fixes that edit the right characters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { createYamlParseCache } from '../../server/src/core/parse/yamlIncremental';
import { largeRayServe } from '../../scripts/bench-inputs';
import { fixesFor } from '../../server/src/core/editing/fixes';

const uri = 'file:///ws/serve_config.yaml';
// Thirty applications; the fifth and the twentieth use a deprecated key.
const BASE = largeRayServe(30)
  .replace('  - name: app_4\n', '  - name: app_4\n    # old spelling\n')
  .replace(/(- name: Deployment0_4\n {8})max_ongoing_requests/, '$1max_concurrent_queries')
  .replace(/(- name: Deployment1_19\n {8})max_ongoing_requests/, '$1max_concurrent_queries');

function deprecated(text: string, cache = createYamlParseCache()) {
  const a = analyze({ uri, text, parseCache: cache });
  return { a, found: a.findings.filter((f) => f.code === 'schema/deprecated-key') };
}

test('reused hits of untouched applications sit on the keys at their new offsets', () => {
  const cache = createYamlParseCache();
  const first = deprecated(BASE, cache).found;
  assert.equal(first.length, 2, JSON.stringify(first));
  // Lines added above both applications move them; app_10 is edited, app_4 and app_19 are not.
  const edited = BASE.replace('  port: 8000\n', '  port: 8000\n  # a new comment\n  # and another\n').replace('route_prefix: /app_10\n', 'route_prefix: /app_ten\n');
  const { a, found } = deprecated(edited, cache);
  const starts = [...edited.matchAll(/max_concurrent_queries/g)].map((m) => m.index!);
  assert.deepEqual(
    found.map((f) => [f.range.start, f.range.end]),
    starts.map((s) => [s, s + 'max_concurrent_queries'.length]),
  );
  assert.deepEqual(found, deprecated(edited, createYamlParseCache()).found);
  // The rename fix edits exactly the key the reused hit points at.
  const fix = fixesFor(found[1], a)[0];
  assert.ok(fix, 'a rename is offered');
  assert.deepEqual(fix.edits, [{ range: { start: starts[1], end: starts[1] + 'max_concurrent_queries'.length }, newText: 'max_ongoing_requests' }]);
});
