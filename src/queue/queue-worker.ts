import os from 'node:os';
import { UnrecoverableError, WaitingError, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import { InvalidInputError, JarsError, SAFE_NAME_PATTERN, SAFE_NAME_RULE, answerWithin, evaluationRng, show } from '../core/index.js';
import type { Evaluation, Evaluator, Json } from '../core/index.js';
import { ConnectionWatch, disconnectNow } from './connection-watch.js';
import type { NoticeListener } from './connection-watch.js';
import { QUEUE_PREFIX, jobDataSchema, stoppingReason } from './job-protocol.js';
import type { QueueJobData } from './job-protocol.js';
import { useIoredisForBullmq } from './redis-client.js';
import { connectionOptions, parseRedisUrl } from './redis-url.js';
import { publishWorker, unpublishWorker } from './worker-registry.js';
import type { WorkerHeartbeat } from './worker-registry.js';

export interface QueueWorkerOptions {
  /** `redis://[[user]:password@]host[:port][/db]` or `rediss://…`. */
  readonly url: string;
  /** The queue to take jobs from: the coordinator's (`queueNameForRun(runId)` unless it named one). */
  readonly queueName: string;
  /** Jobs run at once (default 1). */
  readonly concurrency?: number;
  /** GPUs this worker may use, shown in the registry (e.g. `["0", "1"]`). */
  readonly gpus?: readonly string[];
  /** Host label shown in the registry (default the machine's host name). */
  readonly host?: string;
  /**
   * Builds the local evaluator for a job from its `evaluatorConfig` (called once per distinct
   * config; the instance is reused). It must only ever run code this worker already has.
   */
  readonly buildEvaluator: (job: QueueJobData) => Evaluator | Promise<Evaluator>;
  /** A reason to refuse a job (jars version, space or dataset mismatch), or undefined to run it. */
  readonly check?: (job: QueueJobData) => string | undefined;
  readonly onNotice?: NoticeListener;
  /**
   * How long a job's lock lasts unless renewed (default 30 000 ms; renewed every half of it). A
   * worker that dies (SIGKILL, lost machine) holds its job about this long plus `stalledIntervalMs`
   * before another worker's stalled-job check puts it back in the queue (up to `preparingLockMs`
   * instead while it prepares a run).
   */
  readonly lockDurationMs?: number;
  /**
   * The lock set on the jobs this worker holds just before it prepares a run (its first job of a
   * run config: the data check and the evaluator build), default 10 × `lockDurationMs`, whole
   * milliseconds, at least `lockDurationMs`. Loading data may hold the event loop, when BullMQ
   * cannot renew locks; without this a worker whose first load outlasts the lock loses the job to
   * the stalled-job check, and a fleet of new workers can fail a job nobody crashed on. Right after
   * the build the locks go back to `lockDurationMs`. It covers what runs without giving the event
   * loop back: once the loop runs, BullMQ's own renewal sets the lock back too. A job BullMQ has
   * fetched but not yet handed over (with `concurrency` > 1) is not covered.
   */
  readonly preparingLockMs?: number;
  /** How often this worker looks for stalled jobs (default 30 000 ms). */
  readonly stalledIntervalMs?: number;
  /** Times a job may stall and be redelivered before it fails (default 2). */
  readonly maxStalledCount?: number;
  /** How often the registry entry is renewed (default 5 000 ms; it expires after 3 missed beats). */
  readonly heartbeatMs?: number;
}

export interface QueueWorkerHandle {
  /** `<host>:<pid>:<n>`, as in `status().workers`. */
  readonly id: string;
  /** Job ids being evaluated now. */
  activeJobs(): string[];
  /**
   * Takes no new jobs and closes. By default waits for the jobs in flight to finish and delivers
   * their results; with `returnJobs`, aborts them and puts them back in the queue for another
   * worker (an evaluator that ignores the abort still finishes, and its result is delivered).
   */
  stop(options?: { readonly returnJobs?: boolean }): Promise<void>;
}

let workersInProcess = 0;

/**
 * Takes evaluation jobs from a queue and runs them with a local evaluator, with the same random
 * stream a local run would use (`<seed>/evaluation/<candidateId>`), so results match a local run.
 *
 * Refusals (`check`) and JarsErrors (missing data, bad config) fail the job at once without retry
 * (BullMQ's UnrecoverableError) and stop the coordinator's run with the message: another worker of
 * the same fleet would most likely refuse too, and results from mismatched workers must not mix. Any
 * other error fails just that job, which the coordinator journals as a failed evaluation.
 */
export async function runQueueWorker(options: QueueWorkerOptions): Promise<QueueWorkerHandle> {
  const address = parseRedisUrl(options.url, 'worker.url');
  if (!SAFE_NAME_PATTERN.test(options.queueName)) {
    throw new InvalidInputError(`worker.queueName ${SAFE_NAME_RULE}, but got ${show(options.queueName)}`);
  }
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new InvalidInputError(`worker.concurrency must be a positive integer, but got ${show(concurrency)}`);
  }
  useIoredisForBullmq();
  const host = options.host ?? os.hostname();
  const id = `${host}:${process.pid}:${workersInProcess++}`;
  const heartbeatMs = options.heartbeatMs ?? 5000;
  const notice = options.onNotice ?? (() => {});
  const evaluators = new Map<string, Promise<Evaluator>>();
  // The jobs in hand: each one's abort controller, and its job and lock token (for the long lock).
  const active = new Map<string, { readonly controller: AbortController; readonly job: Job; readonly token: string | undefined }>();
  // The run configs whose evaluator is built.
  const prepared = new Set<string>();
  const lockDurationMs = options.lockDurationMs ?? 30_000;
  if (!Number.isInteger(lockDurationMs) || lockDurationMs < 1) {
    throw new InvalidInputError(`worker.lockDurationMs must be a whole number of milliseconds ≥ 1, but got ${show(lockDurationMs)}`);
  }
  const preparingLockMs = options.preparingLockMs ?? 10 * lockDurationMs;
  if (!Number.isInteger(preparingLockMs) || preparingLockMs < lockDurationMs) {
    throw new InvalidInputError(`worker.preparingLockMs must be a whole number of milliseconds ≥ lockDurationMs (${lockDurationMs}), but got ${show(preparingLockMs)}`);
  }
  // One preparation at a time, so one run's build cannot hold the event loop while another's long
  // locks are being set.
  let preparations: Promise<unknown> = Promise.resolve();
  let returning = false;
  let stopRequested = false;
  let stopping: Promise<void> | undefined;

  /** Sets the lock of every job in hand to `ms`; a lock another worker took is left alone. */
  const lockHeld = (ms: number): Promise<unknown> =>
    Promise.all([...active.values()].map(({ job, token }) => (token === undefined ? 0 : job.extendLock(token, ms).catch(() => 0))));

  const evaluatorFor = (key: string, data: QueueJobData): Promise<Evaluator> => {
    let evaluator = evaluators.get(key);
    if (!evaluator) {
      evaluator = Promise.resolve().then(() => options.buildEvaluator(data));
      evaluators.set(key, evaluator);
      evaluator.then(
        () => prepared.add(key),
        () => evaluators.delete(key), // a failed build is retried by the next job
      );
    }
    return evaluator;
  };

  /**
   * The job's evaluator, after `check` accepts the job. The first job of a run config waits for any
   * other preparation, then lengthens the locks held (see `preparingLockMs`) before the check and
   * build, which may load data.
   */
  const checkedEvaluator = async (key: string, data: QueueJobData): Promise<Evaluator> => {
    const accept = (): Promise<Evaluator> => {
      const refusal = options.check?.(data);
      if (refusal !== undefined) throw new UnrecoverableError(stoppingReason('refused', `worker ${id} refused the job: ${refusal}`));
      return evaluatorFor(key, data);
    };
    if (prepared.has(key)) return accept();
    const turn = preparations.then(async () => {
      if (prepared.has(key)) return accept();
      // Renewals BullMQ has due go first (expired timers run in order), so they do not undo ours.
      await new Promise((resolve) => setTimeout(resolve, 0));
      await lockHeld(preparingLockMs);
      try {
        return await accept();
      } finally {
        // Back to the usual length before evaluating: BullMQ's own renewal would come only at its
        // next tick, and a worker killed before it would hold the job for the long lock. Redis
        // away: go on after one lock length.
        await answerWithin(lockHeld(lockDurationMs), lockDurationMs, 'redis did not answer').catch(() => {});
      }
    });
    preparations = turn.catch(() => {});
    return turn;
  };

  const processJob = async (job: Job, token?: string): Promise<Evaluation> => {
    const jobId = job.id ?? '?';
    const parsed = jobDataSchema.safeParse(job.data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? issue.path.join('.') || 'data' : 'data';
      throw new UnrecoverableError(stoppingReason('refused', `worker ${id} refused the job: malformed job data, ${where} ${issue?.message ?? ''}`));
    }
    if (stopRequested) {
      // Fetched while stopping (BullMQ may have had a fetch in flight): give it back untouched.
      await job.moveToWait(token);
      throw new WaitingError();
    }
    const data = job.data as QueueJobData;
    const key = stableKey(data.evaluatorConfig ?? null);
    const controller = new AbortController();
    active.set(jobId, { controller, job, token }); // from here a stop with returnJobs hands it back
    beat();
    let evaluation: Evaluation | undefined;
    let failure: unknown;
    try {
      const evaluator = await checkedEvaluator(key, data);
      evaluation = await evaluator.evaluate(data.candidate, {
        rng: evaluationRng(data.seed, data.candidateId),
        signal: controller.signal,
        candidateId: data.candidateId,
        ...(data.repeat ? { repeat: { ...data.repeat, firstRng: evaluationRng(data.seed, data.repeat.firstId) } } : {}),
      });
    } catch (error) {
      if (error instanceof UnrecoverableError) throw error;
      failure = error;
    } finally {
      // The same job may come back to this worker while an attempt it lost still runs.
      if (active.get(jobId)?.controller === controller) {
        active.delete(jobId);
        beat();
      }
    }
    if (returning && controller.signal.aborted && (evaluation === undefined || evaluation.failure !== undefined)) {
      // Stopping with returnJobs: the evaluation gave up because we asked; hand the job back.
      await job.moveToWait(token);
      throw new WaitingError();
    }
    // Deliveries > 1: a worker died (or stalled) holding this job and another one took it over.
    if (evaluation) return { ...evaluation, info: { ...evaluation.info, worker: id, deliveries: job.attemptsStarted } };
    if (failure instanceof JarsError) {
      throw new UnrecoverableError(stoppingReason(failure.code, `worker ${id}: ${failure.message}`));
    }
    throw failure instanceof Error ? failure : new Error(String(failure));
  };

  const worker = new Worker(options.queueName, processJob, {
    connection: connectionOptions(address),
    prefix: QUEUE_PREFIX,
    concurrency,
    autorun: false,
    lockDuration: lockDurationMs,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 2,
    name: id,
  });
  const watch = new ConnectionWatch(address.display, notice, () => beat());
  watch.watch(worker, `worker ${id}`);
  worker.on('failed', (job, error) => {
    if (error instanceof UnrecoverableError) notice(`job ${job?.id ?? '?'} failed: ${error.message}`);
  });

  const heartbeat = (): WorkerHeartbeat => ({
    id,
    host,
    pid: process.pid,
    concurrency,
    gpus: options.gpus ?? [],
    busy: active.size > 0,
    jobs: [...active.keys()],
  });
  let publishing: Promise<void> = Promise.resolve();
  const publish = () => {
    const snapshot = heartbeat();
    publishing = publishing
      .then(async () => publishWorker(await worker.backend.client, options.queueName, snapshot, heartbeatMs * 3))
      .catch(() => {}); // Redis away: the next beat after reconnecting renews it
  };
  // Renewed on a timer; a job starting or ending shows within half a beat (at most 1 s), and a burst
  // of them costs one write, not two per job.
  let scheduled: NodeJS.Timeout | undefined;
  const beat = () => {
    if (scheduled || stopRequested) return;
    scheduled = setTimeout(() => {
      scheduled = undefined;
      publish();
    }, Math.min(1000, heartbeatMs / 2));
    scheduled.unref();
  };

  await worker.waitUntilReady();
  publish();
  const timer = setInterval(publish, heartbeatMs);
  timer.unref();
  const running = worker.run().catch((error: unknown) => notice(`worker ${id} stopped: ${error instanceof Error ? error.message : String(error)}`));

  return {
    id,
    activeJobs: () => [...active.keys()],
    stop: ({ returnJobs = false } = {}) => {
      stopRequested = true;
      stopping ??= (async () => {
        returning = returnJobs;
        const down = watch.whenDown().then(() => 'down' as const);
        const paused = worker.pause(); // fetches no more; resolves once the jobs in flight are done
        if (returnJobs) for (const a of active.values()) a.controller.abort(new Error(`worker ${id} is stopping`));
        const graceful = (async () => {
          await paused;
          clearInterval(timer);
          clearTimeout(scheduled);
          await publishing;
          await unpublishWorker(await worker.backend.client, options.queueName, id).catch(() => {});
          return 'done' as const;
        })();
        const ended = await Promise.race([graceful, down]);
        watch.mute();
        clearInterval(timer);
        clearTimeout(scheduled);
        if (ended === 'down') {
          // Nothing can be delivered or handed back now: leave the jobs to BullMQ's stalled-job check.
          const left = [...active.keys()];
          for (const a of active.values()) a.controller.abort(new Error(`worker ${id} is stopping`));
          notice(`redis unreachable: worker ${id} stops without waiting${left.length > 0 ? `; jobs ${left.join(', ')} go to another worker once their locks expire` : ''}`);
          void worker.close(true).catch(() => {});
          await disconnectNow([worker]);
        } else {
          await worker.close();
          await running;
        }
        const built = await Promise.allSettled([...evaluators.values()]);
        await Promise.allSettled(built.map((b) => (b.status === 'fulfilled' ? b.value.close?.() : undefined)));
      })();
      return stopping;
    },
  };
}

/** JSON with sorted keys: equal configs give equal keys whatever their key order. */
function stableKey(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(stableKey).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as { readonly [key: string]: Json };
    return `{${Object.keys(record)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableKey(record[k] as Json)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
