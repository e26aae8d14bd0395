/**
 * node:test wiring for the fake Messages API shared by the advisor suites: start it
 * once per suite on loopback, reset its request log before each test and insist
 * the previous test consumed every scripted response, close it afterwards.
 * (Kept apart from the server itself, which the mocha and e2e suites also load.)
 */
import { after, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeAnthropicServer, type FakeAnthropicServer } from './fakeAnthropicServer';

/** Registers the hooks in the calling suite; `onStart` receives the running server. */
export function useFakeAnthropicServer(onStart: (server: FakeAnthropicServer) => void): void {
  let fake: FakeAnthropicServer;
  before(async () => {
    fake = await startFakeAnthropicServer();
    assert.equal(new URL(fake.baseURL).hostname, '127.0.0.1', 'tests must stay on loopback');
    onStart(fake);
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.requests.length = 0;
    assert.equal(fake.pending(), 0, 'previous test left scripted responses');
  });
}
