import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBenchmark } from '../../src/bench/index.js';
import type { Candidate, Evaluator } from '../../src/core/index.js';
import { evaluationRng } from '../../src/engine/index.js';
import { createQueueEvaluator, queueNameForRun } from '../../src/queue/index.js';
import type { QueueEvaluator } from '../../src/queue/index.js';
import { projectRoot } from '../support/cli.js';
import { redisServerBinary, redisSuiteTitle, startRedisServer } from '../support/redis-server.js';
import type { PrivateRedis } from '../support/redis-server.js';
import { sleepyEvaluator, waitFor } from './sleepy-evaluator.js';

const SEED = 5;
const fixture = path.join(projectRoot, 'test', 'fixtures', 'queue-worker.mjs');

/** A worker process running test/fixtures/queue-worker.mjs, with the lines it printed. */
interface WorkerProcess {
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly id: string;
  readonly exited: Promise<number | null>;
}

describe.skipIf(!redisServerBinary)(redisSuiteTitle('queue workers as processes: SIGKILL and SIGTERM'), () => {
  let redis: PrivateRedis;
  let benchmark: Evaluator;
  let candidate: Candidate;
  const children: ChildProcess[] = [];
  const coordinators: QueueEvaluator[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(projectRoot, 'dist', 'queue', 'index.js'))) {
      throw new Error('dist/queue is missing: build first (npx tsc -p tsconfig.build.json)');
    }
    redis = await startRedisServer();
    const nb201 = createBenchmark('nb201-cifar10');
    benchmark = nb201 as unknown as Evaluator;
    candidate = nb201.candidateAt(321);
  });
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await Promise.all(coordinators.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await redis?.stop();
  });

  async function startWorker(runId: string, lockDurationMs: number, stalledIntervalMs: number): Promise<WorkerProcess> {
    const child = spawn(process.execPath, [fixture, redis.url, queueNameForRun(runId), String(lockDurationMs), String(stalledIntervalMs)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const lines: string[] = [];
    let rest = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const parts = (rest + chunk.toString()).split('\n');
      rest = parts.pop() ?? '';
      lines.push(...parts);
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await waitFor(() => lines.some((l) => l.startsWith('ready ')) || child.exitCode !== null, 20_000, 'the worker process to be ready');
    const ready = lines.find((l) => l.startsWith('ready '));
    if (!ready) throw new Error(`worker process exited with code ${child.exitCode}: ${lines.join(' | ')}`);
    return { child, lines, id: ready.slice('ready '.length), exited };
  }

  function coordinator(runId: string, sleepMs: number, buildBlockMs = 0) {
    const evaluator = createQueueEvaluator({
      url: redis.url,
      runId,
      payload: (c, context) => ({ candidate: c, candidateId: context.candidateId, seed: SEED, evaluatorConfig: { sleepMs, buildBlockMs } }),
      metricNames: [...benchmark.metricNames, 'draw'],
      sweepIntervalMs: 1000,
    });
    coordinators.push(evaluator);
    return evaluator;
  }

  const expected = (id: number) => sleepyEvaluator(benchmark, 0).evaluate(candidate, { rng: evaluationRng(SEED, id), candidateId: id });

  it('redelivers the job of a SIGKILLed worker to another worker, and records one result', async () => {
    const workers = await Promise.all([startWorker('killed', 1000, 500), startWorker('killed', 1000, 500)]);
    const queue = coordinator('killed', 1500);
    const result = queue.evaluate(candidate, { rng: evaluationRng(SEED, 4), candidateId: 4 });
    await waitFor(() => workers.some((w) => w.lines.includes('started 4')), 10_000, 'a worker to start the job');
    const doomed = workers.find((w) => w.lines.includes('started 4')) as WorkerProcess;
    const survivor = workers.find((w) => w !== doomed) as WorkerProcess;
    doomed.child.kill('SIGKILL');
    const evaluation = await result;
    expect(evaluation.info?.worker).toBe(survivor.id);
    const { worker: _w, deliveries, ...info } = evaluation.info ?? {};
    expect(deliveries).toBeGreaterThanOrEqual(2); // taken over from the killed worker
    expect({ ...evaluation, info }).toEqual(await expected(4));
    expect(doomed.lines.filter((l) => l.startsWith('finished'))).toEqual([]);
    expect(survivor.lines.filter((l) => /^(started|finished) /.test(l))).toEqual(['started 4', 'finished 4']);
    await waitFor(async () => {
      const s = await queue.status();
      return s.completed + s.waiting + s.active + s.failed === 0;
    }, 5000, 'the collected job to be removed');
  });

  it('keeps a job whose first build blocks the event loop for 3 lock lengths (3 s, lock 1 s), and hands it over fast once built', async () => {
    // Each worker's first job of a run loads its data (synchronously, here 3 s against a 1 s lock).
    // Without the long lock set before preparing, the other worker's stalled-job check takes the
    // job from the blocked one (and a fleet of fresh workers can fail it: "stalled more than
    // allowable limit"). Old worker code: delivered 3 times.
    const workers = await Promise.all([startWorker('blocking', 1000, 500), startWorker('blocking', 1000, 500)]);
    const queue = coordinator('blocking', 1000, 3000);
    const first = await queue.evaluate(candidate, { rng: evaluationRng(SEED, 6), candidateId: 6 });
    expect(first.info?.deliveries).toBe(1);
    const { worker: _w, deliveries: _d, ...info } = first.info ?? {};
    expect({ ...first, info }).toEqual(await expected(6));
    expect(workers.filter((w) => w.lines.includes('started 6')).map((w) => w.id)).toEqual([first.info?.worker]);
    // Once the event loop runs again, BullMQ renews the lock at its usual length: a SIGKILL mid-job
    // is found in about 2 s (lock plus a stalled check), not after the 10 s preparing lock.
    const builder = workers.find((w) => w.id === first.info?.worker) as WorkerProcess;
    const second = queue.evaluate(candidate, { rng: evaluationRng(SEED, 7), candidateId: 7 });
    second.catch(() => {}); // if an expectation below fails first, closing the queue rejects it unheard
    await waitFor(() => workers.some((w) => w.lines.includes('started 7')), 15_000, 'a worker to start the second job');
    const doomed = workers.find((w) => w.lines.includes('started 7')) as WorkerProcess;
    const killedAt = Date.now();
    doomed.child.kill('SIGKILL');
    const survivor = workers.find((w) => w !== doomed) as WorkerProcess;
    // The survivor may never have built (then its own first build takes 3 s of the wait).
    const builds = survivor === builder ? 0 : 3000;
    await waitFor(() => survivor.lines.includes('started 7'), 15_000, 'the survivor to take the job over');
    expect(Date.now() - killedAt).toBeLessThan(5000 + builds);
    expect((await second).info?.worker).toBe(survivor.id);
  }, 45_000);

  it('on SIGTERM finishes the job in flight, delivers it and exits 0', async () => {
    const leaving = await startWorker('sigterm', 30_000, 30_000);
    const queue = coordinator('sigterm', 800);
    const result = queue.evaluate(candidate, { rng: evaluationRng(SEED, 9), candidateId: 9 });
    await waitFor(() => leaving.lines.includes('started 9'), 10_000, 'the worker to start the job');
    leaving.child.kill('SIGTERM');
    expect(await leaving.exited).toBe(0);
    expect(leaving.lines.slice(-2)).toEqual(['finished 9', 'stopped']);
    expect((await result).info?.worker).toBe(leaving.id);
    expect((await queue.status()).workers).toEqual([]);
  });
});
