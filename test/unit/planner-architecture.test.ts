/**
 * The advisor's architecture view for a document: the plan view's recommendation and
 * diagram, and the autoscaling and alert files byte for byte as the CLI writes them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { analyze } from '../../server/src/core/analyze';
import { architectureFor, MODELINE_EXAMPLE } from '../../server/src/core/planner/architecture';
import { planForDocument } from '../../server/src/core/planner/planView';
import { applyOffsets, planEdits } from '../../server/src/core/planner/planEdits';
import { runAutoscale } from '../../server/src/cli/autoscale';
import { runObserve } from '../../server/src/cli/observe';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const SLO = 'ttft:p95<800ms;tpot:p95<60ms';
const MODEL = 'model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 8192\nmax-num-seqs: 128\n';
const STATED = `# servescope: gpu=H100-SXM-80GB count=8 rps=20 slo="${SLO}"\n${MODEL}`;
const OPTS = { requests: 200, curvePoints: 5 };

function onDisk(text: string): { file: string; a: ReturnType<typeof analyze> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arch-'));
  const file = path.join(dir, 'serve.yaml');
  fs.writeFileSync(file, text);
  return { file, a: analyze({ uri: `file://${file}`, text }) };
}

function cli(run: typeof runAutoscale, args: string[]): string {
  let out = '';
  assert.equal(run(args, (s) => (out += s), () => undefined), 0);
  return out;
}

test('a file stating traffic and SLO gets the recommendation, its diagram and the CLI\'s two files', () => {
  const { file, a } = onDisk(STATED);
  const v = architectureFor(a, file, OPTS);
  assert.ok(v.ok, v.summary.join('\n'));
  // The same recommendation and diagram the plan view shows.
  const pv = planForDocument(a, {}, OPTS).view;
  const best = pv.rows[pv.chosen];
  assert.equal(v.diagram, best.diagram);
  assert.match(v.summary[0], /^Planned for 20 req\/s at peak, SLO ttft:p95<800ms;tpot:p95<60ms, .* from the # servescope comment\.$/);
  assert.ok(v.summary[1].startsWith(`Recommended: ${best.label} — ${best.numbers.replicas} replica`), v.summary[1]);
  assert.equal(v.summary[2], `One replica serves up to ${Math.round(best.operatingPoint!.rps * 10) / 10} req/s within the SLO (p95 TTFT ${Math.round(best.operatingPoint!.p95TtftMs)} ms, p95 TPOT ${Math.round(best.operatingPoint!.p95TpotMs)} ms at that rate).`);
  assert.ok(v.summary[3].startsWith(`At the peak each replica sees ${Math.round(best.peakRpsPerReplica! * 10) / 10} req/s: p95 TTFT ${Math.round(best.numbers.p95_ttft_ms!)} ms`), v.summary[3]);
  assert.match(v.diagram ?? '', /replica: vLLM engine on \d+ × H100-SXM-80GB/);
  assert.deepEqual(v.assumptions, pv.assumptions);

  // Byte for byte what `servescope autoscale` and `servescope observe` write for this file.
  assert.deepEqual(v.artifacts.map((x) => x.fileName), ['serve.keda-scaledobject.yaml', 'serve.rules.yaml', 'serve.dashboard.json']);
  const keda = cli(runAutoscale, [file, '--rps', '20', '--slo', SLO]);
  const rules = cli(runObserve, [file, '--rps', '20', '--slo', SLO]);
  assert.equal(v.artifacts[0].text.trimEnd(), keda);
  assert.equal(v.artifacts[1].text.trimEnd(), rules);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'arch-out-'));
  cli(runObserve, [file, '--rps', '20', '--slo', SLO, '--out', out]);
  assert.equal(v.artifacts[2].text, fs.readFileSync(path.join(out, 'serve.dashboard.json'), 'utf8'));
  assert.equal(v.artifacts[2].language, 'json');
  assert.ok(JSON.parse(v.artifacts[2].text).panels.length > 0);
  for (const x of v.artifacts.filter((y) => y.language === 'yaml')) {
    const docs = parseAllDocuments(x.text);
    assert.ok(docs.length > 0);
    for (const d of docs) assert.deepEqual(d.errors, [], `${x.fileName} parses as YAML`);
  }
  const so = parseAllDocuments(v.artifacts[0].text).map((d) => d.toJS()).find((d) => d?.kind === 'ScaledObject');
  assert.equal(so.spec.triggers[0].type, 'prometheus');
  assert.match(so.spec.triggers[0].metadata.query, /vllm:num_requests_waiting/);
  const groups = parseAllDocuments(v.artifacts[1].text)[0].toJS().groups;
  assert.ok(groups.some((g: { rules: { alert: string }[] }) => g.rules.length > 0));
});

test('with a recheck the view carries the recommendation as the plan view\'s checked edit', () => {
  const { file, a } = onDisk(STATED);
  const recheck = (text: string) => analyze({ uri: a.uri, text, settings: a.settings });
  const v = architectureFor(a, file, { ...OPTS, recheck });
  const { view, result } = planForDocument(a, {}, OPTS);
  const row = view.rows[view.chosen];
  const same = planEdits(a, 0, result!.plans[row.plan], recheck);
  assert.ok(v.proposal, 'a proposal');
  assert.equal(v.proposal.label, row.label);
  assert.deepEqual(v.proposal.changes, same.changes);
  assert.deepEqual(v.proposal.edits, same.edits);
  assert.equal(v.proposal.refused, undefined);
  assert.ok(v.proposal.changes.length > 0, 'max-num-seqs 128 on 8 GPUs is not what the planner recommends');
  const after = analyze({ uri: a.uri, text: applyOffsets(a.text, v.proposal.edits) });
  assert.deepEqual(after.findings.filter((f) => f.severity === 'error').map((f) => f.code), []);
  // Planned again after Apply, the file already runs the recommendation: nothing left to change.
  const again = architectureFor(after, file, { ...OPTS, recheck });
  assert.deepEqual(again.proposal?.edits, []);
  // Without a recheck (the CLI has no use for one) nothing is proposed.
  assert.equal(architectureFor(a, file, OPTS).proposal, undefined);
});

test('without traffic or SLO the view says what to add and plans nothing', () => {
  const { file, a } = onDisk(`# servescope: gpu=H100-SXM-80GB\n${MODEL}`);
  const v = architectureFor(a, file, OPTS);
  assert.equal(v.ok, false);
  assert.deepEqual(v.artifacts, []);
  assert.equal(v.diagram, undefined);
  assert.match(v.missing!.message, /states neither a peak request rate nor an SLO/);
  assert.equal(v.missing!.example, MODELINE_EXAMPLE);
  const half = onDisk(`# servescope: gpu=H100-SXM-80GB rps=5\n${MODEL}`);
  assert.match(architectureFor(half.a, half.file, OPTS).missing!.message, /no SLO \(slo="…"\)/);
});

test('a file the planner cannot size says why instead of throwing', () => {
  const { file, a } = onDisk(`# servescope: rps=5 slo="${SLO}"\njust: text\n`);
  const v = architectureFor(a, file, OPTS);
  assert.equal(v.ok, false);
  assert.ok(v.summary.some((s) => /^Cannot plan: /.test(s)), v.summary.join('\n'));
});
