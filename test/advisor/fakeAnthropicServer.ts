/**
 * A local stand-in for the Anthropic Messages API, for tests that run the real
 * SDK through `baseURL`. It listens on 127.0.0.1 only, answers POST
 * /v1/messages from a per-test queue of scripted responses, streams server-sent
 * events when the request says `stream: true`, and records every request so a
 * test can assert what the advisor sent.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One content block of a scripted reply. */
export type ScriptedBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown };

export type Scripted =
  /** A normal reply; streamed as SSE when the request asks for a stream. */
  | { kind: 'reply'; content: ScriptedBlock[]; stopReason?: 'end_turn' | 'tool_use' | 'max_tokens'; chunkDelayMs?: number }
  /** An HTTP error with the API's JSON error body. */
  | { kind: 'error'; status: number; type: string; message: string; headers?: Record<string, string> }
  /** Streams `text` then destroys the socket without finishing the stream. */
  | { kind: 'drop'; text: string }
  /** Starts a stream, then sends an SSE `error` event (how the API reports overload mid-answer). */
  | { kind: 'errorEvent'; type: string; message: string }
  /** Streams `text` in small pieces, slowly, never finishing on its own (for cancellation). */
  | { kind: 'slow'; text: string; chunkDelayMs: number };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
  /** True when the client disconnected before the response ended. */
  clientAborted: boolean;
}

export interface FakeAnthropicServer {
  /** e.g. http://127.0.0.1:43123 — pass as the SDK's baseURL. */
  baseURL: string;
  requests: RecordedRequest[];
  enqueue(...responses: Scripted[]): void;
  /** Scripted responses not consumed yet. */
  pending(): number;
  close(): Promise<void>;
}

/** Starts the fake API on an ephemeral loopback port. */
export async function startFakeAnthropicServer(): Promise<FakeAnthropicServer> {
  const queue: Scripted[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  let nextId = 1;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: any;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = undefined;
      }
      const record: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, clientAborted: false };
      requests.push(record);
      res.on('close', () => {
        if (!res.writableFinished) record.clientAborted = true;
      });
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
        return sendError(res, 404, 'not_found_error', `fake server: no route ${req.method} ${req.url}`);
      }
      const next = queue.shift();
      if (!next) return sendError(res, 500, 'api_error', 'fake server: no scripted response left');
      const stream = body?.stream === true;
      const msgId = `msg_fake_${nextId++}`;
      switch (next.kind) {
        case 'error':
          return sendError(res, next.status, next.type, next.message, next.headers);
        case 'reply':
          if (!stream) return sendJson(res, 200, finalMessage(msgId, body?.model, next.content, next.stopReason ?? 'end_turn'));
          return void streamReply(res, msgId, body?.model, next.content, next.stopReason ?? 'end_turn', next.chunkDelayMs ?? 0);
        case 'drop':
          return void dropMidStream(res, msgId, body?.model, next.text);
        case 'slow':
          return void slowStream(res, msgId, body?.model, next.text, next.chunkDelayMs);
        case 'errorEvent':
          sseHead(res);
          messageStart(res, msgId, body?.model);
          res.write(`event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: next.type, message: next.message } })}\n\n`);
          return void res.end();
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...r) => void queue.push(...r),
    pending: () => queue.length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_fake', ...headers });
  res.end(text);
}

function sendError(res: http.ServerResponse, status: number, type: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { type: 'error', error: { type, message } }, headers);
}

function usage() {
  return { input_tokens: 10, output_tokens: 5 };
}

function finalMessage(id: string, model: string, content: ScriptedBlock[], stopReason: string) {
  return { id, type: 'message', role: 'assistant', model: model ?? 'fake', content, stop_reason: stopReason, stop_sequence: null, usage: usage() };
}

function sseHead(res: http.ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'request-id': 'req_fake' });
}

function event(res: http.ServerResponse, type: string, data: Record<string, unknown>): void {
  res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
}

function messageStart(res: http.ServerResponse, id: string, model: string): void {
  event(res, 'message_start', {
    message: { id, type: 'message', role: 'assistant', model: model ?? 'fake', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 1 } },
  });
}

/** Splits text into a few pieces so a test can see deltas arrive in order. */
export function pieces(text: string, size = 7): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function streamReply(res: http.ServerResponse, id: string, model: string, content: ScriptedBlock[], stopReason: string, delay: number): Promise<void> {
  sseHead(res);
  messageStart(res, id, model);
  event(res, 'ping', {});
  for (const [index, block] of content.entries()) {
    if (block.type === 'text') {
      event(res, 'content_block_start', { index, content_block: { type: 'text', text: '' } });
      for (const p of pieces(block.text)) {
        event(res, 'content_block_delta', { index, delta: { type: 'text_delta', text: p } });
        if (delay) await sleep(delay);
      }
    } else {
      event(res, 'content_block_start', { index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      // Tool input arrives as partial JSON fragments that only parse once joined.
      for (const p of pieces(JSON.stringify(block.input), 11)) {
        event(res, 'content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: p } });
      }
    }
    event(res, 'content_block_stop', { index });
  }
  event(res, 'message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 5 } });
  event(res, 'message_stop', {});
  res.end();
}

async function dropMidStream(res: http.ServerResponse, id: string, model: string, text: string): Promise<void> {
  sseHead(res);
  messageStart(res, id, model);
  event(res, 'content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
  event(res, 'content_block_delta', { index: 0, delta: { type: 'text_delta', text } });
  await sleep(20);
  res.socket?.destroy();
}

async function slowStream(res: http.ServerResponse, id: string, model: string, text: string, delay: number): Promise<void> {
  sseHead(res);
  messageStart(res, id, model);
  event(res, 'content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
  for (const p of pieces(text, 3)) {
    if (res.destroyed || res.writableEnded) return;
    event(res, 'content_block_delta', { index: 0, delta: { type: 'text_delta', text: p } });
    await sleep(delay);
  }
  // Never sends message_stop: only cancellation (or the test's close) ends this stream.
  while (!res.destroyed) await sleep(delay);
}
