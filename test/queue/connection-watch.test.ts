import type { RedisClient } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { disconnectNow } from '../../src/queue/connection-watch.js';

/** A stand-in for an ioredis client: records how it was disconnected. */
function fakeClient(name: string, calls: [string, boolean | undefined][]): RedisClient {
  return { disconnect: (reconnect?: boolean) => void calls.push([name, reconnect]) } as unknown as RedisClient;
}

describe('disconnectNow', () => {
  it('drops the clients that are there at once, and one still connecting the moment it arrives', async () => {
    const calls: [string, boolean | undefined][] = [];
    let arrive!: (client: RedisClient) => void;
    const late = new Promise<RedisClient>((resolve) => (arrive = resolve));
    const target = { on: () => undefined, backend: { client: Promise.resolve(fakeClient('main', calls)), blockingClient: late } };
    const started = Date.now();
    await disconnectNow([target, undefined]);
    // Not waited for: the blocking client has not arrived.
    expect(Date.now() - started).toBeLessThan(100);
    expect(calls).toEqual([['main', false]]);
    arrive(fakeClient('blocking', calls));
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([
      ['main', false],
      ['blocking', false],
    ]);
  });

  it('ignores a client that never comes', async () => {
    const calls: [string, boolean | undefined][] = [];
    const target = { on: () => undefined, backend: { client: Promise.reject(new Error('never connected')), blockingClient: undefined } };
    await disconnectNow([target]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([]);
  });
});
