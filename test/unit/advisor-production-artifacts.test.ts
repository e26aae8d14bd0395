/**
 * The advisor's production_artifacts tool through the real core (the test bridge runs the
 * server's architecture handler in process): the model gets the same files the panel
 * offers to save, and a file stating no traffic gets what to add instead of numbers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAdvisorTools } from '../../client/src/advisor/tools';
import { testBridge } from '../advisor/testBridge';

const URI = 'file:///w/serve.yaml';
const STATED = '# servescope: gpu=H100-SXM-80GB count=8 rps=10 slo="ttft:p95<800ms;tpot:p95<60ms"\nmodel: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 8192\n';

function tools(text: string) {
  const bridge = testBridge(new Map([[URI, text]]));
  const t = createAdvisorTools({ bridge, getDocument: () => ({ uri: URI, fileName: 'serve.yaml', text }), onProposal: () => undefined, newId: () => 'id-1' });
  return { t, bridge };
}

test('the tool returns the files the panel offers, the YAML whole and the dashboard as its panels', async () => {
  const { t, bridge } = tools(STATED);
  const view = await bridge.architecture(URI);
  const r = await t.execute('production_artifacts', {}, new AbortController().signal);
  assert.equal(r.isError, false, r.content);
  const keda = view.artifacts.find((a) => a.fileName === 'serve.keda-scaledobject.yaml')!;
  const rules = view.artifacts.find((a) => a.fileName === 'serve.rules.yaml')!;
  assert.ok(r.content.includes(keda.text.trimEnd()), 'the KEDA file verbatim');
  assert.ok(r.content.includes(rules.text.trimEnd()), 'the alert rules verbatim');
  const panels = (JSON.parse(view.artifacts.find((a) => a.language === 'json')!.text) as { panels: { title: string }[] }).panels.map((p) => p.title);
  assert.ok(r.content.includes(`file serve.dashboard.json (Grafana dashboard): panels ${panels.join('; ')}`), r.content.slice(-400));
  assert.ok(r.content.includes(view.diagram!), 'the diagram');
  assert.ok(r.content.includes(`recommended changes (${view.proposal!.label}):`));
  assert.equal(r.summary, 'production_artifacts: serve.keda-scaledobject.yaml, serve.rules.yaml, serve.dashboard.json');
});

test('no traffic stated: an error that says what to add; input is refused', async () => {
  const { t } = tools('model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 8192\n');
  const r = await t.execute('production_artifacts', {}, new AbortController().signal);
  assert.equal(r.isError, true);
  assert.match(r.content, /states neither a peak request rate nor an SLO.*Example: # servescope: rps=20 slo=/);
  const bad = await t.execute('production_artifacts', { rps: 5 }, new AbortController().signal);
  assert.equal(bad.isError, true);
  assert.match(bad.content, /takes no input/);
});
