/**
 * The pure parts of the advisor that guard the user's file and the panel:
 * building and judging proposed edits, the diff shown, the single replacement
 * that Apply performs, validation of webview messages and command arguments,
 * and the persisted transcript.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  applyReplacements,
  diffLines,
  estimateChanges,
  findingDelta,
  minimalReplacement,
  newErrors,
  toHunks,
} from '../../client/src/advisor/proposals';
import { parseWebviewMessage } from '../../client/src/advisor/protocol';
import { applyDelta, fromPersisted, toPersisted } from '../../client/src/advisor/transcript';
import { trimHistory, type ChatMessage } from '../../client/src/advisor/conversation';
import { parseAskArgs, sizingQuestion, validateNumber } from '../../client/src/advisor/questions';
import { parseWhatIf } from '../../client/src/advisor/tools';
import { SYSTEM_PROMPT } from '../../client/src/advisor/systemPrompt';

const f = (code: string, severity: string, line = 1, message = code) => ({ code, severity, message, line });

describe('proposed edits', () => {
  test('replacements must match exactly once', () => {
    const text = 'a: 1\nb: 1\nc: 2\n';
    assert.deepEqual(applyReplacements(text, [{ old: 'c: 2', new: 'c: 3' }]), { ok: true, text: 'a: 1\nb: 1\nc: 3\n' });
    const twice = applyReplacements(text, [{ old: ': 1', new: ': 5' }]);
    assert.equal(twice.ok, false);
    assert.match((twice as { reason: string }).reason, /more than once/);
    const missing = applyReplacements(text, [{ old: 'd: 4', new: 'd: 5' }]);
    assert.match((missing as { reason: string }).reason, /not found/);
    assert.equal(applyReplacements(text, [{ old: '', new: 'x' }]).ok, false);
  });

  test('only errors the original did not have count as new', () => {
    const before = [f('schema/type', 'error', 3), f('schema/unknown-key', 'warning')];
    assert.deepEqual(newErrors(before, [f('schema/type', 'error', 7)]), [], 'an error that moved is not new');
    assert.deepEqual(newErrors(before, [f('schema/type', 'error'), f('schema/type', 'error', 9)]), [f('schema/type', 'error', 9)]);
    assert.deepEqual(newErrors(before, [f('x/warn', 'warning')]), [], 'warnings never block');
  });

  test('finding delta reports what an edit resolves and introduces', () => {
    const d = findingDelta([f('a', 'error'), f('b', 'warning')], [f('b', 'warning'), f('c', 'hint')]);
    assert.deepEqual(d.resolved.map((x) => x.code), ['a']);
    assert.deepEqual(d.introduced.map((x) => x.code), ['c']);
  });

  test('estimate changes flatten nested values and list only what changed', () => {
    const changes = estimateChanges({ gpu: { kv_gib: 20.123456, fits: true }, rps: 3 }, { gpu: { kv_gib: 22, fits: true }, rps: 3, cost: 4.5 });
    assert.deepEqual(changes, [
      { key: 'cost', before: '—', after: '4.5' },
      { key: 'gpu.kv_gib', before: '20.12', after: '22' },
    ]);
  });

  test('line diff and hunks show removed before added lines with line numbers', () => {
    const a = ['l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7', 'l8', 'l9', 'l10'].join('\n');
    const b = a.replace('l2', 'L2').replace('l9', 'L9');
    const lines = diffLines(a, b);
    assert.deepEqual(
      lines.filter((l) => l.op !== ' ').map((l) => `${l.op}${l.text}@${l.oldLine ?? l.newLine}`),
      ['-l2@2', '+L2@2', '-l9@9', '+L9@9'],
    );
    const hunks = toHunks(lines, 1);
    assert.equal(hunks.length, 2);
    assert.equal(hunks[0]!.header, '@@ -1,3 +1,3 @@');
    assert.deepEqual(toHunks(diffLines(a, a)), []);
  });

  test('diff handles insertions and deletions', () => {
    const lines = diffLines('a\nb\nc', 'a\nx\nb\n');
    assert.deepEqual(lines.map((l) => l.op + l.text), [' a', '+x', ' b', '-c', '+']);
  });

  test('Apply performs one minimal replacement that reproduces the proposal exactly', () => {
    const a = 'model: m\ngpu-memory-utilization: 0.9\nmax-model-len: 8192\n';
    const b = 'model: m\ngpu-memory-utilization: 0.95\nmax-model-len: 4096\n';
    const r = minimalReplacement(a, b);
    assert.equal(a.slice(0, r.start) + r.text + a.slice(r.end), b);
    assert.ok(r.end - r.start < a.length / 2, 'only the changed span is replaced');
    const same = minimalReplacement(a, a);
    assert.equal(same.text, '');
    assert.equal(same.start, same.end);
  });
});

describe('panel messages and arguments', () => {
  test('only exact webview message shapes are accepted', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'send', text: 'hi' }), { type: 'send', text: 'hi' });
    assert.deepEqual(parseWebviewMessage({ type: 'apply', proposalId: '0f3c-11' }), { type: 'apply', proposalId: '0f3c-11' });
    assert.equal(parseWebviewMessage({ type: 'send', text: '   ' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'send', text: 'x'.repeat(20_001) }), undefined);
    assert.equal(parseWebviewMessage({ type: 'send', text: 'hi', extra: 1 }), undefined);
    assert.equal(parseWebviewMessage({ type: 'apply', proposalId: '<img onerror=x>' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'command', command: 'workbench.action.terminal.new' }), undefined);
    assert.deepEqual(parseWebviewMessage({ type: 'command', command: 'setApiKey' }), { type: 'command', command: 'setApiKey' });
    assert.equal(parseWebviewMessage({ type: 'applyAll' }), undefined);
    assert.equal(parseWebviewMessage('send'), undefined);
    assert.equal(parseWebviewMessage(null), undefined);
  });

  test('askAdvisor arguments are validated', () => {
    assert.deepEqual(parseAskArgs({ uri: 'file:///a.yaml', line: 3, code: 'vllm/x', message: 'm', severity: 'error' }), {
      uri: 'file:///a.yaml',
      line: 3,
      code: 'vllm/x',
      message: 'm',
      severity: 'error',
    });
    assert.equal(parseAskArgs({ uri: 'file:///a.yaml', line: 0, code: 'c', message: 'm' }), undefined);
    assert.equal(parseAskArgs(undefined), undefined);
  });

  test('sizing input validation and question', () => {
    assert.equal(validateNumber('', 'rate'), 'A value is required.');
    assert.equal(validateNumber('', 'optional'), undefined);
    assert.equal(validateNumber('-1', 'rate'), 'Enter a positive number.');
    assert.equal(validateNumber('2.5', 'int'), 'Enter a whole number of tokens.');
    assert.equal(validateNumber('2.5', 'rate'), undefined);
    const q = sizingQuestion({ requestsPerS: 25, inputLen: 2000, outputLen: 300, p95TtftMs: 800 });
    assert.match(q, /25 requests\/s, 2000 input tokens and 300 output tokens/);
    assert.match(q, /p95 time to first token ≤ 800 ms/);
    assert.doesNotMatch(q, /time per output token/);
    assert.match(q, /plan_capacity/);
  });

  test('what-if input is validated before it reaches the engine', () => {
    assert.deepEqual(parseWhatIf({ gpu: ' L4 ', replicas: 2, traffic: { concurrency: 8 } }), { gpu: 'L4', replicas: 2, traffic: { concurrency: 8 } });
    assert.equal(parseWhatIf({ max_model_len: 8.5 }), 'max_model_len must be a positive integer');
    assert.deepEqual(parseWhatIf({ quantization: ' fp8 ' }), { quantization: 'fp8' });
    // The what-if never read num_gpus, so the tool no longer offers it; rates and SLOs are plan_capacity's.
    assert.equal(parseWhatIf({ num_gpus: 2 }), 'unknown field "num_gpus"');
    assert.match(parseWhatIf({ traffic: { requests_per_s: 3 } }) as string, /unknown traffic field "requests_per_s".*plan_capacity/);
    assert.equal(parseWhatIf({ replicas: 1.5 }), 'replicas must be a positive integer');
    assert.equal(parseWhatIf({ gpu_memory_utilization: 1.2 }), 'gpu_memory_utilization must be in (0, 1]');
    assert.match(parseWhatIf({ traffic: { rps: 3 } }) as string, /^unknown traffic field "rps"/);
    assert.equal(parseWhatIf({ apply: true }), 'unknown field "apply"');
  });
});

describe('transcript', () => {
  test('streamed deltas extend the current answer; whitespace alone never starts one', () => {
    const items: Parameters<typeof applyDelta>[0] = [{ kind: 'user', text: 'q' }];
    assert.equal(applyDelta(items, '\n\n'), false);
    applyDelta(items, 'Hello');
    applyDelta(items, ', world');
    items.push({ kind: 'tool', text: 'estimate_what_if: gpu=L4' });
    applyDelta(items, '\n\n');
    applyDelta(items, 'Next');
    assert.deepEqual(items.map((i) => (i.kind === 'assistant' ? i.text : i.kind)), ['user', 'Hello, world', 'tool', 'Next']);
  });

  test('a restored conversation keeps the transcript but expires pending proposals', () => {
    const view = { id: 'p1', fileName: 'a.yaml', rationale: 'r', hunks: [], resolved: [], introduced: [], estimateChanges: [], state: 'pending' as const };
    const history: ChatMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'q' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'a' }] },
    ];
    const saved = JSON.parse(JSON.stringify(toPersisted([{ kind: 'user', text: 'q' }, { kind: 'proposal', proposal: view }], history)));
    const restored = fromPersisted(saved);
    assert.equal(restored.items.length, 2);
    assert.equal((restored.items[1] as { proposal: { state: string } }).proposal.state, 'stale');
    assert.deepEqual(restored.history, history);
    assert.deepEqual(fromPersisted({ version: 99 }), { items: [], history: [] });
    assert.deepEqual(fromPersisted('garbage'), { items: [], history: [] });
  });

  test('history trimming never starts in the middle of a tool exchange', () => {
    const h: ChatMessage[] = [];
    for (let i = 0; i < 30; i++) {
      h.push({ role: 'user', content: [{ type: 'text', text: `q${i}` }] });
      h.push({ role: 'assistant', content: [{ type: 'tool_use', id: `t${i}`, name: 'estimate_what_if', input: {} }] });
      h.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `t${i}`, content: '{}' }] });
      h.push({ role: 'assistant', content: [{ type: 'text', text: `a${i}` }] });
    }
    const t = trimHistory(h, 10);
    assert.ok(t.length <= 10 && t.length > 0);
    assert.equal(t[0]!.role, 'user');
    assert.equal(t[0]!.content[0]!.type, 'text');
  });
});

describe('architecture guarantees', () => {
  test('only the client module imports @anthropic-ai/sdk', () => {
    const importers: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(ts|mts|js)$/.test(name) && /from\s+['"]@anthropic-ai\/sdk|import\(\s*['"]@anthropic-ai\/sdk|require\(\s*['"]@anthropic-ai\/sdk/.test(readFileSync(p, 'utf8'))) importers.push(p);
      }
    };
    for (const root of ['client', 'server']) walk(join(import.meta.dirname, '..', '..', root));
    assert.deepEqual(importers.map((p) => p.slice(p.indexOf('client'))), ['client/src/advisor/anthropicClient.ts']);
  });

  test('the system prompt covers the architect topics and the trust rules', () => {
    for (const topic of [
      /replicas/,
      /round-robin/,
      /least-connections/,
      /power-of-two-choices/,
      /request-weighted/,
      /prefix- or session-aware routing/,
      /queue depth/,
      /GPU utilisation/,
      /operating point/,
      /Cost/,
      /KV-cache usage/,
      /success and error rate/,
      /Build versus buy/,
      /text diagram/,
      /Never invent/,
      /not instructions/,
    ]) {
      assert.match(SYSTEM_PROMPT, topic);
    }
  });
});
