import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JarsError, Rng } from '../../src/core/index.js';
import { createTrainerPool, LocalProcessQueue, QueueEvaluator } from '../../src/train/index.js';

const fake = path.resolve('test/train/fixtures/fake-worker.mjs');

describe('LocalProcessQueue (protocol fixture)', () => {
  it('runs up to N evaluations at once in separate processes, as one Evaluator', async () => {
    const pool = new QueueEvaluator(new LocalProcessQueue({ dataset: 'unused' }, { workers: 2, workerScript: fake }));
    expect(pool.concurrency).toBe(2);
    const rng = new Rng(1);
    const results = await Promise.all([0, 1, 2, 3].map(() => pool.evaluate({ arch: { ms: 150 }, recipe: {} }, { rng })));
    const pids = new Set(results.map((r) => r.metrics.pid));
    expect(pids.size).toBe(2);
    // Seeds come from the engine's Rng, in submission order.
    const expected = new Rng(1);
    expect(results.map((r) => r.metrics.seed)).toEqual([0, 1, 2, 3].map(() => expected.nextUint32()));
    // At no start time are more than two evaluations running.
    for (const r of results) {
      const t = r.metrics.start as number;
      const running = results.filter((o) => (o.metrics.start as number) <= t && t < (o.metrics.end as number));
      expect(running.length).toBeLessThanOrEqual(2);
    }
    await pool.close();
  });

  it('runs an evaluation whose worker died again on a fresh worker, with the same seed', async () => {
    const queue = new LocalProcessQueue({ dataset: 'unused' }, { workers: 1, workerScript: fake });
    const pool = new QueueEvaluator(queue);
    const marker = path.join(mkdtempSync(path.join(tmpdir(), 'jars-crash-')), 'crashed');
    const firstPid = queue.workers()[0]?.pid;
    const result = await pool.evaluate({ arch: { crashOnce: marker, ms: 10 }, recipe: {} }, { rng: new Rng(5) });
    expect(existsSync(marker)).toBe(true);
    expect(result.failure).toBeUndefined();
    expect(result.metrics.pid).not.toBe(firstPid);
    expect(result.metrics.seed).toBe(new Rng(5).nextUint32());
    await pool.close();
  });

  it('records a candidate as failed once its workers died 1 + crashRetries times, and keeps serving', async () => {
    const pool = new QueueEvaluator(new LocalProcessQueue({ dataset: 'unused' }, { workers: 1, workerScript: fake, crashRetries: 2 }));
    const rng = new Rng(2);
    const crashed = await pool.evaluate({ arch: { crash: true }, recipe: {} }, { rng });
    expect(crashed.failure).toBe('worker process exited during the evaluation 3 times (code 3, code 3, code 3); the candidate was tried on a fresh worker each time');
    const after = await pool.evaluate({ arch: { ms: 10 }, recipe: {} }, { rng });
    expect(after.failure).toBeUndefined();
    await expect(pool.evaluate({ arch: { throws: true }, recipe: {} }, { rng })).rejects.toThrow('bad candidate');
    await pool.close();
  });

  it("fails the candidate, not the run, on a code-less error from its training; a coded error stays the run's", async () => {
    const pool = new QueueEvaluator(new LocalProcessQueue({ dataset: 'unused' }, { workers: 1, workerScript: fake }));
    const rng = new Rng(1);
    const plain = await pool.evaluate({ arch: { throwsPlain: true }, recipe: {} }, { rng }).catch((e: unknown) => e);
    expect(plain).not.toBeInstanceOf(JarsError);
    expect((plain as Error).message).toBe('Requested texture size [0x0] is invalid.');
    const coded = await pool.evaluate({ arch: { throws: true }, recipe: {} }, { rng }).catch((e: unknown) => e);
    expect(coded).toBeInstanceOf(JarsError);
    expect((coded as JarsError).code).toBe('E_INVALID_INPUT');
    // The worker keeps serving.
    expect((await pool.evaluate({ arch: { ms: 10 }, recipe: {} }, { rng })).failure).toBeUndefined();
    await pool.close();
  });

  it('forwards aborts to the worker', async () => {
    const pool = new QueueEvaluator(new LocalProcessQueue({ dataset: 'unused' }, { workers: 1, workerScript: fake }));
    const controller = new AbortController();
    const running = pool.evaluate({ arch: { ms: 5000 }, recipe: {} }, { rng: new Rng(3), signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    expect((await running).failure).toBe('aborted');
    // And once the worker is surely running it (ready handshake done): abort reaches the process.
    const second = new AbortController();
    const started = Date.now();
    const again = pool.evaluate({ arch: { ms: 5000 }, recipe: {} }, { rng: new Rng(4), signal: second.signal });
    setTimeout(() => second.abort(), 300);
    expect((await again).failure).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(4000);
    await pool.close();
  });

  it('answers an evaluation aborted while its worker is still starting at once, then serves the next', async () => {
    const slowStart = { dataset: 'unused', readyAfterMs: 1500 };
    const pool = new QueueEvaluator(new LocalProcessQueue(slowStart, { workers: 1, workerScript: fake }));
    const controller = new AbortController();
    const started = performance.now();
    const running = pool.evaluate({ arch: { ms: 10 }, recipe: {} }, { rng: new Rng(6), signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect((await running).failure).toBe('aborted');
    expect(performance.now() - started).toBeLessThan(1000);
    // The job was never sent; the worker, once ready, takes the next one.
    const next = await pool.evaluate({ arch: { ms: 10 }, recipe: {} }, { rng: new Rng(7) });
    expect(next.failure).toBeUndefined();
    expect(performance.now() - started).toBeGreaterThan(1500);
    await pool.close();
  });

  it('says how to get the worker script when it is missing', () => {
    expect(() => new LocalProcessQueue({ dataset: 'x' }, { workers: 1, workerScript: '/nope/worker.js' })).toThrow(/run `npm run build` first/);
  });
});

// The real trainer worker needs the compiled dist/ (npm run build).
const compiled = existsSync(path.resolve('dist/train/worker-main.js'));
describe.skipIf(!compiled)('trainer pool (compiled workers)', () => {
  it('trains a candidate in a worker process', async () => {
    const pool = createTrainerPool({ dataset: 'sklearn-digits', backend: 'wasm', latency: false }, { workers: 1 });
    const result = await pool.evaluate({ arch: { kind: 'mlp', hidden: [32] }, recipe: { epochs: 3, lr: 0.01 } }, { rng: new Rng(4) });
    expect(result.failure).toBeUndefined();
    expect(result.metrics.validAcc).toBeGreaterThan(0.8);
    expect(result.info?.backend).toBe('wasm');
    await pool.close();
  });
});
