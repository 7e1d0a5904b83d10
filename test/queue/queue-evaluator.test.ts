import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBenchmark } from '../../src/bench/index.js';
import type { TabularBenchmark } from '../../src/bench/index.js';
import { DataError, RunError } from '../../src/core/index.js';
import type { Candidate, Evaluation, Evaluator } from '../../src/core/index.js';
import { evaluationRng } from '../../src/engine/index.js';
import { createQueueEvaluator, queueNameForRun, runQueueWorker } from '../../src/queue/index.js';
import type { QueueEvaluator, QueueJobData, QueueWorkerOptions } from '../../src/queue/index.js';
import { redisServerBinary, redisSuiteTitle, startRedisServer } from '../support/redis-server.js';
import type { PrivateRedis } from '../support/redis-server.js';
import { sleepyEvaluator, waitFor } from './sleepy-evaluator.js';

const SEED = 11;
const ROWS = [0, 7, 42, 100, 999, 5000, 9000, 12000, 15000, 15624];

describe.skipIf(!redisServerBinary)(redisSuiteTitle('queue evaluator and workers on a private redis-server'), () => {
  let redis: PrivateRedis;
  let benchmark: Evaluator;
  let candidates: Candidate[];
  const open: { close?: () => Promise<void>; stop?: () => Promise<void> }[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    const nb201: TabularBenchmark = createBenchmark('nb201-cifar10');
    benchmark = nb201 as unknown as Evaluator; // evaluated with the candidates it hands out
    candidates = ROWS.map((row) => nb201.candidateAt(row));
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((o) => (o.stop ? o.stop() : o.close?.())));
  });
  afterAll(async () => {
    await redis?.stop();
  });

  const payload = (sleepMs: number) => (candidate: Candidate, context: { candidateId: number }): QueueJobData => ({
    candidate,
    candidateId: context.candidateId,
    seed: SEED,
    evaluatorConfig: { benchmark: 'nb201-cifar10', sleepMs },
    jarsVersion: '0.1.0',
  });

  function coordinator(runId: string, sleepMs: number, extra: { onNotice?: (t: string) => void; sweepIntervalMs?: number } = {}) {
    const evaluator = createQueueEvaluator({
      url: redis.url,
      runId,
      payload: payload(sleepMs),
      metricNames: [...benchmark.metricNames, 'draw'],
      concurrency: 8,
      ...extra,
    });
    open.push(evaluator);
    return evaluator;
  }

  /** An in-process worker whose evaluator counts its evaluations; `wrap` may replace the evaluator. */
  async function worker(runId: string, extra: Partial<QueueWorkerOptions> & { wrap?: (e: Evaluator) => Evaluator } = {}) {
    const counter = { evaluations: 0 };
    const handle = await runQueueWorker({
      url: redis.url,
      queueName: queueNameForRun(runId),
      concurrency: 2,
      heartbeatMs: 200,
      lockDurationMs: 2000,
      stalledIntervalMs: 1000,
      buildEvaluator: (job) => {
        const config = job.evaluatorConfig as { sleepMs: number };
        const sleepy = sleepyEvaluator(benchmark, config.sleepMs);
        const counted: Evaluator = {
          ...sleepy,
          evaluate: (candidate, context) => {
            counter.evaluations++;
            return sleepy.evaluate(candidate, context);
          },
        };
        return extra.wrap ? extra.wrap(counted) : counted;
      },
      ...extra,
    });
    open.push(handle);
    return Object.assign(handle, { counter });
  }

  const local = () => sleepyEvaluator(benchmark, 0);
  const expected = (ids: readonly number[]) =>
    Promise.all(ids.map((id) => local().evaluate(candidates[id] as Candidate, { rng: evaluationRng(SEED, id), candidateId: id })));
  const evaluateAll = (queue: QueueEvaluator, ids: readonly number[], signal?: AbortSignal) =>
    ids.map((id) => queue.evaluate(candidates[id] as Candidate, { rng: evaluationRng(SEED, id), candidateId: id, ...(signal ? { signal } : {}) }));
  const withoutWorker = (e: Evaluation) => {
    const { worker: _worker, deliveries: _deliveries, ...info } = e.info ?? {};
    return { ...e, info };
  };

  it('returns what a local evaluation of the same candidates returns, from several workers', async () => {
    const workers = [await worker('equal'), await worker('equal')];
    const queue = coordinator('equal', 40);
    const ids = candidates.map((_, i) => i);
    const got = await Promise.all(evaluateAll(queue, ids));
    expect(got.map(withoutWorker)).toEqual(await expected(ids));
    const ran = new Set(got.map((e) => e.info?.worker));
    expect([...ran].every((w) => workers.some((x) => x.id === w))).toBe(true);
    expect(workers[0]!.counter.evaluations + workers[1]!.counter.evaluations).toBe(ids.length);
    // Collected jobs are removed; both workers are listed.
    await waitFor(async () => (await queue.status()).completed === 0, 5000, 'collected jobs to be removed');
    const status = await queue.status();
    expect(status.workers.map((w) => w.id).sort()).toEqual(workers.map((w) => w.id).sort());
  });

  it('never enqueues the same candidate twice: coordinators share the one job and its result', async () => {
    const a = coordinator('dedup', 20);
    const b = coordinator('dedup', 20);
    const pending = [...evaluateAll(a, [3]), ...evaluateAll(b, [3]), ...evaluateAll(a, [3])];
    await waitFor(async () => (await a.status()).waiting >= 1, 5000, 'the job to be waiting');
    await new Promise((r) => setTimeout(r, 200));
    expect((await a.status()).waiting).toBe(1);
    const w = await worker('dedup');
    const [x, y, z] = await Promise.all(pending);
    expect(w.counter.evaluations).toBe(1);
    expect(withoutWorker(x!)).toEqual((await expected([3]))[0]);
    expect(y).toEqual(x);
    expect(z).toEqual(x);
  });

  it('stops the run with a clear RunError when a worker refuses a job, and never retries it', async () => {
    const checks: string[] = [];
    const refuse = (job: QueueJobData) => {
      checks.push(String(job.candidateId));
      return job.jarsVersion === '0.0.9' ? undefined : `jars version mismatch: this worker runs 0.0.9, the job needs ${String(job.jarsVersion)}`;
    };
    await worker('refused', { check: refuse });
    await worker('refused', { check: refuse });
    const queue = coordinator('refused', 0);
    const error = await evaluateAll(queue, [2])[0]!.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as RunError).message).toMatch(
      /^queue job refused\/2: worker \S+ refused the job: jars version mismatch: this worker runs 0\.0\.9, the job needs 0\.1\.0$/,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(checks).toEqual(['2']);
    await waitFor(async () => (await queue.status()).failed === 0, 5000, 'the refused job to be removed');
  });

  it('turns a crashed evaluation into a failed Evaluation and a JarsError on the worker into a RunError', async () => {
    await worker('crash', {
      wrap: (inner) => ({
        ...inner,
        evaluate: async (candidate, context) => {
          if (context.candidateId === 1) throw new Error('trainer exited with code 134 (SIGABRT)');
          if (context.candidateId === 2) throw new DataError('dataset file /data/x.csv is missing');
          return inner.evaluate(candidate, context);
        },
      }),
    });
    const queue = coordinator('crash', 0);
    const [ok, crashed, stopped] = await Promise.allSettled(evaluateAll(queue, [0, 1, 2]));
    expect(ok?.status === 'fulfilled' && withoutWorker(ok.value)).toEqual((await expected([0]))[0]);
    expect(crashed).toEqual({ status: 'fulfilled', value: { metrics: {}, cost: 0, seconds: 0, failure: 'trainer exited with code 134 (SIGABRT)' } });
    expect(stopped?.status === 'rejected' && stopped.reason).toBeInstanceOf(RunError);
    expect(stopped?.status === 'rejected' && (stopped.reason as Error).message).toMatch(/^queue job crash\/2: worker \S+: dataset file \/data\/x\.csv is missing$/);
  });

  it('lets a restarted coordinator collect results finished while it was down, without enqueueing again', async () => {
    const ids = [0, 1, 2, 3, 4];
    const first = coordinator('resume', 10);
    const stop = new AbortController();
    const abandoned = Promise.allSettled(evaluateAll(first, ids, stop.signal));
    await waitFor(async () => (await first.status()).waiting === ids.length, 5000, 'all jobs to be waiting');
    stop.abort();
    const settled = await abandoned;
    expect(settled.every((s) => s.status === 'rejected' && /evaluation aborted/.test(String(s.reason)))).toBe(true);
    await first.close();
    await expect(first.status()).rejects.toThrow('the queue evaluator is closed');
    const second = coordinator('resume', 10);
    const w = await worker('resume');
    await waitFor(async () => (await second.status()).completed === ids.length, 10_000, 'the jobs to complete');
    const got = await Promise.all(evaluateAll(second, ids));
    expect(got.map(withoutWorker)).toEqual(await expected(ids));
    expect(w.counter.evaluations).toBe(ids.length);
    await waitFor(async () => (await second.status()).completed === 0, 5000, 'collected jobs to be removed');
  });

  it('reports and lists workers: host, gpus, busy slots and their job ids', async () => {
    const w = await worker('registry', { host: 'gpu-box-1', gpus: ['0', '1'] });
    const queue = coordinator('registry', 600);
    const pending = Promise.all(evaluateAll(queue, [5, 6]));
    await waitFor(async () => (await queue.status()).workers[0]?.jobs.length === 2, 5000, 'the worker to show two jobs');
    const busy = (await queue.status()).workers[0]!;
    expect(busy).toMatchObject({ id: w.id, host: 'gpu-box-1', pid: process.pid, concurrency: 2, gpus: ['0', '1'], busy: true });
    expect([...busy.jobs].sort()).toEqual(['registry/5', 'registry/6']);
    expect(Date.now() - busy.lastHeartbeat.getTime()).toBeLessThan(2000);
    await pending;
    await waitFor(async () => (await queue.status()).workers[0]?.busy === false, 5000, 'the worker to turn idle');
    await w.stop();
    expect((await queue.status()).workers).toEqual([]);
  });

  it('hands in-flight jobs back to the queue when a worker stops with returnJobs', async () => {
    const leaving = await worker('handback');
    const queue = coordinator('handback', 5000);
    const pending = evaluateAll(queue, [8])[0]!;
    await waitFor(() => leaving.activeJobs().length === 1, 5000, 'the job to start');
    const started = Date.now();
    await leaving.stop({ returnJobs: true });
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await queue.status()).waiting).toBe(1);
    const staying = await worker('handback', {
      buildEvaluator: () => sleepyEvaluator(benchmark, 0),
    });
    const result = await pending;
    expect(result.info?.worker).toBe(staying.id);
    expect(withoutWorker(result)).toEqual((await expected([8]))[0]);
  });

  it('survives a redis-server restart mid-run (empty, no persistence): reconnects, re-adds lost jobs, finishes', async () => {
    const notices: string[] = [];
    const workerNotices: string[] = [];
    await worker('outage', { onNotice: (t) => workerNotices.push(t) });
    await worker('outage');
    const queue = coordinator('outage', 400, { onNotice: (t) => notices.push(t), sweepIntervalMs: 1000 });
    const ids = [0, 1, 2, 3, 4, 5, 6, 7];
    const pending = Promise.all(evaluateAll(queue, ids));
    await waitFor(async () => (await queue.status()).active > 0, 5000, 'jobs to run');
    await redis.restart(500);
    const got = await pending;
    expect(got.map(withoutWorker)).toEqual(await expected(ids));
    expect(notices.some((t) => /^redis unreachable at 127\.0\.0\.1:\d+\/0.*, retrying$/.test(t))).toBe(true);
    expect(notices).toContain(`reconnected to redis at 127.0.0.1:${redis.port}/0`);
    expect(workerNotices.some((t) => t.startsWith('redis unreachable'))).toBe(true);
  });

  it('closes at once while redis is unreachable, and a stopping worker does not wait for it either', async () => {
    const notices: string[] = [];
    const w = await worker('down', { onNotice: (t) => notices.push(t) });
    const queue = coordinator('down', 5000, { onNotice: (t) => notices.push(t) });
    const stop = new AbortController();
    const pending = evaluateAll(queue, [1], stop.signal)[0]!.catch((e: unknown) => e);
    await waitFor(() => w.activeJobs().length === 1, 5000, 'the job to start');
    await redis.kill();
    try {
      await waitFor(() => notices.filter((t) => t.startsWith('redis unreachable')).length === 2, 5000, 'both to notice');
      await expect(queue.status()).rejects.toThrow(/^redis unreachable at 127\.0\.0\.1:\d+\/0$/);
      stop.abort();
      expect(String(await pending)).toMatch(/evaluation aborted/);
      const started = Date.now();
      await queue.close();
      await w.stop();
      expect(Date.now() - started).toBeLessThan(1000);
      expect(notices.at(-1)).toMatch(/^redis unreachable: worker \S+ stops without waiting; jobs down\/1 go to another worker once their locks expire$/);
    } finally {
      await redis.start();
    }
  });
});
