import { createIORedisClient } from 'bullmq';
import type { RedisClient } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { disconnectNow } from '../../src/queue/connection-watch.js';
import { redisServerBinary, redisSuiteTitle, startRedisServer } from '../support/redis-server.js';
import type { PrivateRedis } from '../support/redis-server.js';
import { sleep } from './sleepy-evaluator.js';

/** A stand-in for an ioredis client: records how it was disconnected. */
function fakeClient(name: string, calls: [string, boolean | undefined][]): RedisClient {
  return { on: () => undefined, disconnect: (reconnect?: boolean) => void calls.push([name, reconnect]) } as unknown as RedisClient;
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

describe.skipIf(!redisServerBinary)(redisSuiteTitle('disconnectNow on a private redis-server'), () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  /** A client as BullMQ builds one: ioredis behind BullMQ's adapter, retrying every 50 ms. */
  async function bullmqClient(): Promise<RedisClient> {
    const client = createIORedisClient(new Redis({ port: redis.port, host: '127.0.0.1', maxRetriesPerRequest: null, retryStrategy: () => 50 }));
    await new Promise((resolve) => client.once('ready', resolve));
    return client;
  }
  /** What BullMQ's `RedisConnection.reconnect()` does with a client it finds ended. */
  async function reconnectLater(client: RedisClient): Promise<void> {
    if (client.status !== 'end') await new Promise((resolve) => client.once('end', resolve));
    await Promise.race([client.connect().catch(() => {}), sleep(300)]);
  }
  const connections = async () => String(await redis.command('CLIENT', 'LIST')).trim().split('\n').length - 1; // less CLIENT LIST's own

  it('keeps a dropped client dropped when something connects it again (as a pausing BullMQ worker does)', async () => {
    const client = await bullmqClient();
    expect(await connections()).toBe(1);
    await disconnectNow([{ on: () => undefined, backend: { client: Promise.resolve(client) } }]);
    await reconnectLater(client);
    await sleep(300);
    expect(client.status).toBe('end');
    expect(await connections()).toBe(0);
  });

  it('prints no unhandled-error lines for a dropped client revived while Redis is down', async () => {
    const client = await bullmqClient();
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await disconnectNow([{ on: () => undefined, backend: { client: Promise.resolve(client) } }]);
      await new Promise((resolve) => client.once('end', resolve));
      await redis.kill();
      await reconnectLater(client);
      await sleep(300);
      expect(printed.mock.calls.map((c) => String(c[0]))).toEqual([]);
      expect(client.status).toBe('end');
    } finally {
      printed.mockRestore();
      await redis.start();
    }
    await sleep(200);
    expect(await connections()).toBe(0);
  });
});
