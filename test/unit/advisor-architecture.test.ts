/**
 * The architecture section's logic behind the advisor's editor port: planned from the
 * real core through the test bridge without an API key, a slow answer for a file the
 * user has left is dropped, and Save writes the extension's copy of the artifact.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArchitectureSection, type ArchitecturePort } from '../../client/src/advisor/architecture';
import { parseWebviewMessage, type AnalysisBridge, type ExtensionToWebview } from '../../client/src/advisor/protocol';
import { testBridge } from '../advisor/testBridge';

const URI = 'file:///w/serve.yaml';
const TEXT = '# servescope: gpu=H100-SXM-80GB count=8 rps=10 slo="ttft:p95<800ms;tpot:p95<60ms"\nmodel: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 8192\n';

function port(uri: string | null = URI) {
  const posts: ExtensionToWebview[] = [];
  const saves: { configUri: string; fileName: string; text: string }[] = [];
  const p: ArchitecturePort & { uri: string | null } = {
    uri,
    targetDocument: () => (p.uri ? { uri: p.uri, fileName: p.uri.split('/').pop()!, text: TEXT } : undefined),
    post: (m) => posts.push(structuredClone(m)),
    saveArtifact: async (configUri, fileName, text) => {
      saves.push({ configUri, fileName, text });
      return `w/${fileName}`;
    },
  };
  return { p, posts, saves };
}

test('the section plans the target config with no API key and saves what the server sent', async () => {
  const { p, posts, saves } = port();
  const s = new ArchitectureSection(testBridge(new Map([[URI, TEXT]])), p);
  await s.refresh();
  assert.deepEqual(posts.map((m) => m.type === 'architecture' && m.view.state), ['loading', 'ready']);
  const d = s.current;
  assert.equal(d.state, 'ready');
  if (d.state !== 'ready') return;
  assert.ok(d.result.ok, d.result.summary.join('\n'));
  assert.match(d.result.summary[1], /^Recommended: H100-SXM-80GB TP \d/);
  assert.deepEqual(d.result.artifacts.map((a) => a.fileName), ['serve.keda-scaledobject.yaml', 'serve.rules.yaml', 'serve.dashboard.json']);
  await s.save(1);
  assert.deepEqual(saves, [{ configUri: URI, fileName: 'serve.rules.yaml', text: d.result.artifacts[1].text }]);
  const last = posts.at(-1)!;
  assert.ok(last.type === 'architecture' && last.view.state === 'ready' && last.view.saved[1] === 'w/serve.rules.yaml');
  await s.save(5); // no such artifact: nothing happens
  assert.equal(saves.length, 1);
});

test('Apply writes the server\'s checked edit for the version planned, then plans the file again', async () => {
  const { p, posts } = port();
  const applied: { uri: string; version: number; edits: unknown[] }[] = [];
  let outcome: 'applied' | 'stale' | 'failed' = 'applied';
  p.applyEdits = async (uri, version, edits) => {
    applied.push({ uri, version, edits });
    return outcome;
  };
  const s = new ArchitectureSection(testBridge(new Map([[URI, TEXT]])), p);
  await s.refresh();
  const d = s.current;
  assert.ok(d.state === 'ready' && d.result.proposal, 'a proposal');
  if (d.state !== 'ready' || !d.result.proposal) return;
  const proposal = d.result.proposal;
  assert.ok(proposal.edits.length > 0 && proposal.changes.length > 0, JSON.stringify(proposal));
  await s.apply();
  assert.deepEqual(applied, [{ uri: URI, version: d.result.version, edits: proposal.edits }]);
  const after = s.current;
  assert.ok(after.state === 'ready' && after.applied?.ok, 'planned again, with what was applied');
  if (after.state !== 'ready') return;
  assert.equal(after.applied!.message, `Applied ${proposal.label}: ${proposal.changes.join('; ')}. Undo it in the file (Ctrl+Z).`);
  assert.deepEqual(posts.slice(-2).map((m) => m.type === 'architecture' && m.view.state), ['loading', 'ready']);

  outcome = 'stale';
  await s.apply();
  const stale = s.current;
  assert.ok(stale.state === 'ready' && stale.applied && !stale.applied.ok && /changed after it was planned/.test(stale.applied.message));
  outcome = 'failed';
  await s.apply();
  const failed = s.current;
  assert.ok(failed.state === 'ready' && failed.applied?.message === 'The editor did not apply the edit.');
});

test('a refused recommendation is never applied, and says why', async () => {
  const { p } = port();
  let calls = 0;
  p.applyEdits = async () => {
    calls++;
    return 'applied';
  };
  const bridge = testBridge(new Map([[URI, TEXT]]));
  const refusing: AnalysisBridge = {
    ...bridge,
    architecture: async (uri) => {
      const r = await bridge.architecture(uri);
      return { ...r, proposal: r.proposal && { ...r.proposal, refused: 'the edited file would gain vllm/tp-not-divisor' } };
    },
  };
  const s = new ArchitectureSection(refusing, p);
  await s.refresh();
  await s.apply();
  assert.equal(calls, 0);
  const d = s.current;
  assert.ok(d.state === 'ready' && d.applied?.message === 'Not applied: the edited file would gain vllm/tp-not-divisor');
});

test('no config open shows nothing; a slow answer for a file left behind is dropped; a failing server says so', async () => {
  const none = port(null);
  await new ArchitectureSection(testBridge(new Map()), none.p).refresh();
  assert.deepEqual(none.posts, [{ type: 'architecture', view: { state: 'none' } }]);

  let release!: () => void;
  const slow: AnalysisBridge = { ...testBridge(new Map([[URI, TEXT]])), architecture: () => new Promise((_, reject) => (release = () => reject(new Error('late')))) };
  const { p, posts } = port();
  const s = new ArchitectureSection(slow, p);
  const first = s.refresh();
  p.uri = null;
  await s.refresh();
  release();
  await first;
  assert.equal(s.current.state, 'none');
  assert.ok(!posts.some((m) => m.type === 'architecture' && m.view.state === 'error'));

  const broken = port();
  const b = new ArchitectureSection({ ...slow, architecture: async () => Promise.reject(new Error('server crashed')) }, broken.p);
  await b.refresh();
  const cur = b.current;
  assert.ok(cur.state === 'error' && /server crashed/.test(cur.message));
});

test('the webview may ask to save by index only, and to open the plan view', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'saveArtifact', index: 1 }), { type: 'saveArtifact', index: 1 });
  assert.equal(parseWebviewMessage({ type: 'saveArtifact', index: 1, text: 'evil' }), undefined);
  assert.equal(parseWebviewMessage({ type: 'saveArtifact', index: -1 }), undefined);
  assert.equal(parseWebviewMessage({ type: 'saveArtifact', index: 1.5 }), undefined);
  assert.deepEqual(parseWebviewMessage({ type: 'command', command: 'planCapacity' }), { type: 'command', command: 'planCapacity' });
  // Apply carries nothing: the edit applied is the extension's copy of the server's.
  assert.deepEqual(parseWebviewMessage({ type: 'applyArchitecture' }), { type: 'applyArchitecture' });
  assert.equal(parseWebviewMessage({ type: 'applyArchitecture', edits: [] }), undefined);
});
