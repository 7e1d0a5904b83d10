import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The same harness `node bench/queue-kill-trials.mjs 30` runs 30 times.
import { killTrial, referenceRun } from '../../bench/queue-kill-trials.mjs';
import { startRedis } from '../../bench/redis-server.mjs';
import { redisServerBinary, redisSuiteTitle } from '../support/redis-server.js';
import { jars, jarsBin } from '../support/cli.js';
import { spawn } from 'node:child_process';

describe.skipIf(!redisServerBinary)(redisSuiteTitle('jars search --queue with jars worker processes (private redis-server)'), () => {
  let dir: string;
  let redis: { url: string; stop(): void };
  let reference: Map<number, string>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'jars-queue-cli-'));
    redis = await startRedis(dir);
    reference = referenceRun(dir, 3);
  }, 60_000);

  afterAll(() => {
    redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses and repeats nothing when workers and the coordinator are SIGKILLed, and ends as the uninterrupted run', async () => {
    const r = await killTrial({ redisUrl: redis.url, runsDir: dir, seed: 3, queueName: 'kills', reference, killWorkerAtMs: 3000, killCoordinatorAtMs: 4500 });
    expect(r.killed, r.stderr).toEqual(['workers', 'coordinator']);
    expect(r, r.stderr).toMatchObject({ failed: [], lost: 0, differ: 0, extra: 0, evaluated: reference.size });
  }, 120_000);

  it('a worker refuses a run it cannot serve, and the run stops with the reason', async () => {
    const worker = spawn(process.execPath, [jarsBin, 'worker', '--queue', redis.url, '--queue-name', 'refusing', '--space', 'cnn'], { stdio: 'ignore' });
    try {
      const run = ['search', '--dataset', 'sklearn-digits', '--space', 'mlp', '--budget', '2', '--queue', redis.url, '--queue-name', 'refusing', '--runs-dir', dir, '--name', 'refused', '--no-tui'];
      const r = jars(run, { timeoutMs: 60_000 });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/refused the job: run refused searches space mlp, this worker serves space cnn/);
      expect(jars(['status', path.join(dir, 'refused')]).stdout).toMatch(/evaluated 0/);
    } finally {
      worker.kill('SIGTERM');
    }
  }, 90_000);

  it('a worker serves a run on image rows shaped by --input-shape (its data check reads the shape as the run does)', async () => {
    const worker = spawn(process.execPath, [jarsBin, 'worker', '--queue', redis.url, '--queue-name', 'shaped'], { stdio: 'ignore' });
    try {
      const run = ['search', '--dataset', 'sklearn-digits', '--input-shape', '8x8x1', '--space', 'cnn', '--budget', '1', '--queue', redis.url, '--queue-name', 'shaped', '--runs-dir', dir, '--name', 'shaped', '--no-tui'];
      const r = jars(run, { timeoutMs: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/refused/);
      expect(jars(['status', path.join(dir, 'shaped')]).stdout).toMatch(/evaluated 1 \(failed 0\)/);
    } finally {
      worker.kill('SIGTERM');
    }
  }, 150_000);

  it('refuses a queue URL that is not redis:// or rediss://', () => {
    const r = jars(['search', '--benchmark', 'nb201-cifar10', '--queue', 'http://127.0.0.1:1', '--runs-dir', dir, '--no-tui']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('jars: config.queue.url: a redis:// or rediss:// URL, but got "http://127.0.0.1:1"');
  });
});
