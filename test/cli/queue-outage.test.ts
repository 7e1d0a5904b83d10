import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jarsBin } from '../support/cli.js';
import { redisServerBinary, redisSuiteTitle, startRedisServer } from '../support/redis-server.js';
import type { PrivateRedis } from '../support/redis-server.js';
import { sleep, waitFor } from '../queue/sleepy-evaluator.js';

describe.skipIf(!redisServerBinary)(redisSuiteTitle('jars search --queue stopped during a Redis outage (private redis-server)'), () => {
  let dir: string;
  let redis: PrivateRedis;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'jars-queue-outage-'));
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits at once on Ctrl-C while Redis is down, with the signal exit code', async () => {
    // No worker: the coordinator waits on its queued jobs, its event reader blocked on Redis.
    const child = spawn(process.execPath, [jarsBin, 'search', '--benchmark', 'nb201-cifar10', '--queue', redis.url, '--queue-name', 'outage', '--workers', '2', '--budget', '4', '--runs-dir', dir, '--no-tui'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.resume();
    const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: Date.now() })));
    try {
      const until = (what: string, ok: () => boolean) =>
        waitFor(ok, 20_000, what).catch((error: Error) => {
          throw new Error(`${error.message}; stderr:\n${stderr}`);
        });
      await until('run started', () => stderr.includes('jars: run '));
      await sleep(1500); // jobs queued, the event read blocking
      await redis.kill();
      await until('outage notice', () => stderr.includes('redis unreachable'));
      await sleep(1500); // the connections between retries, without a socket
      const stopped = Date.now();
      child.kill('SIGINT');
      const { code, at } = await exited;
      expect(code, stderr).toBe(130);
      expect(at - stopped, stderr).toBeLessThan(1500);
      expect(stderr).toMatch(/finished \(stopped\): 0 evaluated/);
    } finally {
      child.kill('SIGKILL');
      await redis.start();
    }
  }, 60_000);
});
