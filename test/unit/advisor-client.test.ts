/**
 * The real @anthropic-ai/sdk, through the advisor's client module, against a
 * local fake of the Messages API: streaming order, cancellation and how each
 * failure reads to the user. Nothing here leaves 127.0.0.1.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { createAnthropicModelClient } from '../../client/src/advisor/anthropicClient';
import { AdvisorError } from '../../client/src/advisor/errors';
import type { ModelRequest } from '../../client/src/advisor/conversation';
import type { FakeAnthropicServer } from '../advisor/fakeAnthropicServer';
import { useFakeAnthropicServer } from '../advisor/useFakeAnthropicServer';

const KEY = 'sk-ant-test-key-never-leaves-header';

const request = (question: string): ModelRequest => ({
  system: 'test system',
  messages: [{ role: 'user', content: [{ type: 'text', text: question }] }],
  tools: [],
  toolChoice: 'auto',
});

async function expectAdvisorError(p: Promise<unknown>): Promise<AdvisorError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof AdvisorError, `expected AdvisorError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the call to fail');
}

describe('advisor client against the fake Messages API', () => {
  let fake: FakeAnthropicServer;
  useFakeAnthropicServer((server) => (fake = server));

  const client = (extra: { maxRetries?: number; timeoutMs?: number } = {}) =>
    createAnthropicModelClient({ apiKey: KEY, baseURL: fake.baseURL, model: 'claude-test', ...extra });

  test('a streamed answer arrives in order and the request is well-formed', async () => {
    const answer = 'Use three replicas behind a least-outstanding-requests balancer.';
    fake.enqueue({ kind: 'reply', content: [{ type: 'text', text: answer }], chunkDelayMs: 2 });
    const deltas: string[] = [];
    const res = await client().stream(request('how many replicas?'), (d) => deltas.push(d), new AbortController().signal);

    assert.ok(deltas.length > 3, 'expected several deltas, got ' + deltas.length);
    assert.equal(deltas.join(''), answer);
    assert.deepEqual(res.content, [{ type: 'text', text: answer }]);
    assert.equal(res.stopReason, 'end_turn');

    const [req] = fake.requests;
    assert.equal(req!.path, '/v1/messages');
    assert.equal(req!.body.stream, true);
    assert.equal(req!.body.model, 'claude-test');
    assert.equal(req!.body.system, 'test system');
    // The key travels in exactly one auth header (SDK 1.x sends `Authorization: Bearer`), never in the body.
    const carrying = Object.entries(req!.headers).filter(([, v]) => String(v).includes(KEY)).map(([k]) => k);
    assert.equal(carrying.length, 1, `key found in headers: ${carrying.join(', ')}`);
    assert.ok(['authorization', 'x-api-key'].includes(carrying[0]!));
    assert.ok(!JSON.stringify(req!.body).includes(KEY));
  });

  test('a streamed tool call arrives with its input parsed from input_json_delta fragments', async () => {
    const input = { gpu: 'H100-80GB', replicas: 3, traffic: { requests_per_s: 12.5, input_len: 1000, output_len: 200 } };
    fake.enqueue({
      kind: 'reply',
      content: [
        { type: 'text', text: 'Let me estimate.' },
        { type: 'tool_use', id: 'toolu_1', name: 'estimate_what_if', input },
      ],
      stopReason: 'tool_use',
    });
    const res = await client().stream(request('size it'), () => {}, new AbortController().signal);
    assert.equal(res.stopReason, 'tool_use');
    assert.deepEqual(res.content[1], { type: 'tool_use', id: 'toolu_1', name: 'estimate_what_if', input });
  });

  test('cancellation mid-stream stops the request and reports cancelled', async () => {
    fake.enqueue({ kind: 'slow', text: 'This answer goes on and on and on and on and on and on.', chunkDelayMs: 30 });
    const ac = new AbortController();
    const deltas: string[] = [];
    const p = client().stream(request('long'), (d) => {
      deltas.push(d);
      if (deltas.length === 2) ac.abort();
    }, ac.signal);
    const err = await expectAdvisorError(p);
    assert.equal(err.kind, 'cancelled');
    assert.equal(deltas.length, 2, 'no text after Stop');
    // The server sees the client go away rather than finishing the stream.
    await waitFor(() => fake.requests[0]!.clientAborted);
  });

  test('401 tells the user to set their key', async () => {
    fake.enqueue({ kind: 'error', status: 401, type: 'authentication_error', message: 'invalid x-api-key' });
    const err = await expectAdvisorError(client().stream(request('hi'), () => {}, new AbortController().signal));
    assert.equal(err.kind, 'auth');
    assert.match(err.userMessage, /401/);
    assert.match(err.userMessage, /Set Anthropic API key/);
    assert.equal(err.action, 'setApiKey');
    assert.equal(fake.requests.length, 1, '401 is not retried');
  });

  test('429 says it is rate-limited and when to retry', async () => {
    // maxRetries is 1: the SDK honours retry-after once, then the user is told.
    const limited = { kind: 'error', status: 429, type: 'rate_limit_error', message: 'Number of requests has exceeded your rate limit', headers: { 'retry-after': '1' } } as const;
    fake.enqueue(limited, limited);
    const err = await expectAdvisorError(client().stream(request('hi'), () => {}, new AbortController().signal));
    assert.equal(err.kind, 'rate-limit');
    assert.match(err.userMessage, /rate-limit/i);
    assert.match(err.userMessage, /Try again in 1 s/);
    assert.equal(err.detail?.retryAfterS, 1);
    assert.equal(fake.requests.length, 2);
  });

  test('429 with a long retry-after is reported without retrying for minutes', async () => {
    fake.enqueue({ kind: 'error', status: 429, type: 'rate_limit_error', message: 'slow down', headers: { 'retry-after': '120' } });
    const started = Date.now();
    const err = await expectAdvisorError(client().stream(request('hi'), () => {}, new AbortController().signal));
    assert.equal(err.kind, 'rate-limit');
    assert.match(err.userMessage, /Try again in 2 min/);
    assert.equal(fake.requests.length, 1, 'no silent two-minute wait before a retry');
    assert.ok(Date.now() - started < 3000);
  });

  test('a connection dropped mid-stream reads as a lost connection', async () => {
    fake.enqueue({ kind: 'drop', text: 'Partial ans' });
    const deltas: string[] = [];
    const err = await expectAdvisorError(client().stream(request('hi'), (d) => deltas.push(d), new AbortController().signal));
    assert.equal(err.kind, 'offline');
    assert.match(err.userMessage, /connection/i);
    assert.deepEqual(deltas, ['Partial ans']);
  });

  test('an unreachable endpoint reads as offline', async () => {
    const port = await closedPort();
    const c = createAnthropicModelClient({ apiKey: KEY, baseURL: `http://127.0.0.1:${port}`, model: 'claude-test', maxRetries: 0 });
    const err = await expectAdvisorError(c.stream(request('hi'), () => {}, new AbortController().signal));
    assert.equal(err.kind, 'offline');
    assert.match(err.userMessage, /Could not reach the Anthropic API/);
  });

  test('529 overloaded is reported as overloaded', async () => {
    fake.enqueue({ kind: 'error', status: 529, type: 'overloaded_error', message: 'Overloaded' });
    const err = await expectAdvisorError(client({ maxRetries: 0 }).stream(request('hi'), () => {}, new AbortController().signal));
    assert.equal(err.kind, 'overloaded');
    assert.match(err.userMessage, /overloaded/);
  });

  test('an overloaded error event inside the stream is reported as overloaded', async () => {
    fake.enqueue({ kind: 'errorEvent', type: 'overloaded_error', message: 'Overloaded' });
    const err = await expectAdvisorError(client().stream(request('hi'), () => {}, new AbortController().signal));
    assert.equal(err.kind, 'overloaded');
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) assert.fail('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A loopback port with nothing listening (bound, then released). */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}
