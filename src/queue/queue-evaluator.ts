import { Queue, QueueEvents } from 'bullmq';
import { InvalidInputError, RunError, SAFE_NAME_PATTERN, SAFE_NAME_RULE, checkSafeName, show } from '../core/index.js';
import type { Candidate, EvaluateContext, Evaluation, Evaluator } from '../core/index.js';
import { ConnectionWatch, disconnectNow } from './connection-watch.js';
import type { NoticeListener } from './connection-watch.js';
import { EVALUATE_JOB, QUEUE_PREFIX, decodeEvaluation, jobIdFor, parseStoppingReason, queueNameForRun } from './job-protocol.js';
import type { QueueJobData } from './job-protocol.js';
import { useIoredisForBullmq } from './redis-client.js';
import { connectionOptions, parseRedisUrl } from './redis-url.js';
import { listWorkers } from './worker-registry.js';
import type { QueueWorkerInfo } from './worker-registry.js';

export interface QueueEvaluatorOptions<C extends Candidate = Candidate> {
  /** `redis://[[user]:password@]host[:port][/db]` or `rediss://…`. */
  readonly url: string;
  readonly runId: string;
  /** Default `jars-<runId>`; workers must consume the same name. */
  readonly queueName?: string;
  /** The job's data (data only, never code or a command to run). */
  readonly payload: (candidate: C, context: EvaluateContext & { readonly candidateId: number }) => QueueJobData;
  readonly metricNames: readonly string[];
  /** Jobs the engine keeps in flight (default 16): the workers' slots in all, or a few more. */
  readonly concurrency?: number;
  /** Default "queue". */
  readonly name?: string;
  /** Passed on to the engine when the cost of an evaluation is known beforehand. */
  readonly costOf?: (candidate: C) => number;
  /** One-line notices: Redis unreachable / reconnected, unexpected queue errors. */
  readonly onNotice?: NoticeListener;
  /** How often jobs still awaited are re-checked, in case an event was missed or Redis lost them (default 10 000). */
  readonly sweepIntervalMs?: number;
  /** Finished jobs no coordinator collected are dropped after this long (default 7 days). */
  readonly keepResultsSeconds?: number;
}

export interface QueueStatus {
  readonly waiting: number;
  readonly active: number;
  /** Finished and not yet collected by a coordinator. */
  readonly completed: number;
  readonly failed: number;
  readonly workers: readonly QueueWorkerInfo[];
}

export interface QueueEvaluator<C extends Candidate = Candidate> extends Evaluator<C> {
  readonly queueName: string;
  readonly concurrency: number;
  status(): Promise<QueueStatus>;
  close(): Promise<void>;
}

interface Waiter {
  readonly data: QueueJobData;
  /** evaluate() calls waiting on this job (the same candidate asked for twice shares one job). */
  callers: number;
  readonly promise: Promise<Evaluation>;
  resolve(evaluation: Evaluation): void;
  reject(error: Error): void;
}

/**
 * An Evaluator that sends each evaluation to a BullMQ queue as a job with a deterministic id
 * (`<runId>/<candidateId>`) and waits for a worker's result. The run process stays the journal's
 * only writer. Adding a job whose id exists is a no-op, so a restarted coordinator re-attaches to
 * jobs that are waiting, running or finished meanwhile instead of enqueueing them twice. Finished
 * jobs are kept until read, then removed.
 *
 * Delivery is at least once (a dead worker's job is re-run by another; a job lost with a Redis that
 * restarted empty is added again), and each candidate is journalled once: the engine records the
 * first result per candidate id, and later results for an id nobody awaits are ignored.
 */
export function createQueueEvaluator<C extends Candidate = Candidate>(options: QueueEvaluatorOptions<C>): QueueEvaluator<C> {
  return new QueueCoordinator(options);
}

const ABORTED = 'evaluation aborted: stopped waiting for its queue job (a resumed run collects the result)';

class QueueCoordinator<C extends Candidate> implements QueueEvaluator<C> {
  readonly name: string;
  readonly metricNames: readonly string[];
  readonly concurrency: number;
  readonly queueName: string;
  readonly costOf?: (candidate: C) => number;

  private readonly runId: string;
  private readonly display: string;
  private readonly pending = new Map<string, Waiter>();
  private readonly removals = new Set<Promise<unknown>>();
  private readonly watch: ConnectionWatch;
  private readonly queue: Queue;
  private events: QueueEvents | undefined;
  private started: Promise<void> | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private sweepAgain = false;
  private closed = false;

  constructor(private readonly options: QueueEvaluatorOptions<C>) {
    checkSafeName('queue.runId', options.runId);
    const address = parseRedisUrl(options.url, 'queue.url');
    const queueName = options.queueName ?? queueNameForRun(options.runId);
    if (!SAFE_NAME_PATTERN.test(queueName)) throw new InvalidInputError(`queue.queueName ${SAFE_NAME_RULE}, but got ${show(queueName)}`);
    const concurrency = options.concurrency ?? 16;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new InvalidInputError(`queue.concurrency must be a positive integer, but got ${show(concurrency)}`);
    }
    useIoredisForBullmq();
    this.runId = options.runId;
    this.display = address.display;
    this.queueName = queueName;
    this.concurrency = concurrency;
    this.name = options.name ?? 'queue';
    this.metricNames = options.metricNames;
    if (options.costOf) this.costOf = options.costOf;
    const keepSeconds = options.keepResultsSeconds ?? 7 * 24 * 3600;
    this.watch = new ConnectionWatch(address.display, options.onNotice ?? (() => {}), () => this.sweep());
    this.queue = new Queue(queueName, {
      connection: connectionOptions(address),
      prefix: QUEUE_PREFIX,
      defaultJobOptions: {
        attempts: 1,
        removeOnComplete: { age: keepSeconds },
        removeOnFail: { age: keepSeconds },
      },
    });
    this.watch.watch(this.queue, 'queue');
  }

  async evaluate(candidate: C, context: EvaluateContext): Promise<Evaluation> {
    if (this.closed) throw new Error('the queue evaluator is closed');
    const candidateId = context.candidateId;
    if (candidateId === undefined) {
      throw new InvalidInputError('the queue evaluator needs context.candidateId (set by the engine) to name the job, but got undefined');
    }
    const signal = context.signal;
    if (signal?.aborted) throw new Error(ABORTED);
    const jobId = jobIdFor(this.runId, candidateId);
    const existing = this.pending.get(jobId);
    const waiter = existing ?? this.newWaiter(this.options.payload(candidate, { ...context, candidateId }));
    if (!existing) this.pending.set(jobId, waiter);
    waiter.callers++;
    const forget = () => {
      if (--waiter.callers === 0 && this.pending.get(jobId) === waiter) this.pending.delete(jobId);
    };
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        // Stop waiting; the job runs on and stays in Redis for a resumed run to collect.
        forget();
        reject(new Error(ABORTED));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([this.start(), aborted]);
      if (!existing) {
        await Promise.race([this.add(jobId, waiter.data), aborted]).catch((error: unknown) => {
          if (!signal?.aborted) forget();
          throw error;
        });
      }
      return await Promise.race([waiter.promise, aborted]);
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  async status(): Promise<QueueStatus> {
    if (this.closed) throw new Error('the queue evaluator is closed');
    // Commands wait through an outage; a status poll should not.
    if (!this.watch.connected) throw new Error(`redis unreachable at ${this.display}`);
    const counts = await this.queue.getJobCounts('wait', 'prioritized', 'delayed', 'active', 'completed', 'failed');
    const workers = await listWorkers(await this.queue.backend.client, this.queueName);
    const n = (k: string) => counts[k] ?? 0;
    return {
      waiting: n('wait') + n('prioritized') + n('delayed'),
      active: n('active'),
      completed: n('completed'),
      failed: n('failed'),
      workers,
    };
  }

  /**
   * Stops waiting (pending evaluations reject) and closes the connections. Jobs stay in Redis for a
   * later coordinator. With Redis unreachable it disconnects at once instead of waiting for it.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweepTimer);
    for (const waiter of this.pending.values()) waiter.reject(new Error('the queue evaluator was closed while waiting for a result'));
    this.pending.clear();
    this.watch.mute();
    const graceful = (async () => {
      await Promise.allSettled([...this.removals, this.sweeping]);
      await Promise.allSettled([this.events?.close(), this.queue.close()]);
      return 'closed' as const;
    })();
    const ended = await Promise.race([graceful, this.watch.whenDown().then(() => 'down' as const)]);
    // BullMQ's close and disconnect wait for an 'end' that a reconnecting ioredis client never emits.
    if (ended === 'down') await disconnectNow([this.queue, this.events]);
  }

  private newWaiter(data: QueueJobData): Waiter {
    let resolve!: (evaluation: Evaluation) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<Evaluation>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => {}); // an abandoned waiter's rejection is nobody's error
    return { data, callers: 0, promise, resolve, reject };
  }

  /**
   * Connects and starts reading the queue's events from Redis' current time on, before any job is
   * added, so no result of ours can be missed between adding a job and listening.
   */
  private start(): Promise<void> {
    this.started ??= (async () => {
      const client = await this.queue.backend.client;
      const [seconds, micros] = (await client.runCommand('time', [])) as [string, string];
      const nowMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
      const events = new QueueEvents(this.queueName, {
        connection: this.queue.opts.connection,
        prefix: QUEUE_PREFIX,
        lastEventId: `${nowMs - 1}-0`,
      });
      this.events = events;
      this.watch.watch(events, 'queue events');
      events.on('completed', ({ jobId, returnvalue }) => this.settle(jobId, { returnvalue }));
      events.on('failed', ({ jobId, failedReason }) => this.settle(jobId, { failedReason }));
      // Our add met a job that already exists: it may have finished while no coordinator listened.
      events.on('duplicated', ({ jobId }) => {
        if (this.pending.has(jobId)) void this.collect(jobId).catch(() => this.sweep());
      });
      await events.waitUntilReady();
      const every = this.options.sweepIntervalMs ?? 10_000;
      this.sweepTimer = setInterval(() => this.sweep(), every);
      this.sweepTimer.unref();
    })();
    return this.started;
  }

  private async add(jobId: string, data: QueueJobData): Promise<void> {
    await this.queue.add(EVALUATE_JOB, data, { jobId });
  }

  /** Reads a finished job's outcome, if it has finished. */
  private async collect(jobId: string): Promise<'finished' | 'missing' | 'running'> {
    const state = await this.queue.getJobState(jobId);
    if (state === 'unknown') return 'missing';
    if (state !== 'completed' && state !== 'failed') return 'running';
    const job = await this.queue.getJob(jobId);
    if (!job) return 'missing';
    if (state === 'completed') this.settle(jobId, { returnvalue: job.returnvalue });
    else this.settle(jobId, { failedReason: job.failedReason ?? 'failed without a reason' });
    return 'finished';
  }

  private settle(jobId: string, outcome: { returnvalue: unknown } | { failedReason: string }): void {
    const waiter = this.pending.get(jobId);
    if (!waiter) return; // another session's job, or a second delivery of one already recorded
    this.pending.delete(jobId);
    if ('returnvalue' in outcome) {
      waiter.resolve(decodeEvaluation(outcome.returnvalue, jobId));
    } else {
      const stopping = parseStoppingReason(outcome.failedReason);
      if (stopping) waiter.reject(new RunError(`queue job ${jobId}: ${stopping.message}`));
      else waiter.resolve({ metrics: {}, cost: 0, seconds: 0, failure: outcome.failedReason });
    }
    const removal = this.queue.remove(jobId).catch(() => 0);
    this.removals.add(removal);
    void removal.finally(() => this.removals.delete(removal));
  }

  /**
   * Re-checks every awaited job: collects finished ones whose event was missed and adds again the
   * ones Redis no longer has (it restarted without persistence). Runs on reconnect and periodically.
   */
  private sweep(): void {
    if (this.closed || !this.started) return;
    if (this.sweeping) {
      this.sweepAgain = true;
      return;
    }
    this.sweeping = (async () => {
      do {
        this.sweepAgain = false;
        for (const [jobId, waiter] of [...this.pending]) {
          if (this.closed) return;
          if (this.pending.get(jobId) !== waiter) continue;
          const found = await this.collect(jobId);
          if (found === 'missing' && this.pending.get(jobId) === waiter) await this.add(jobId, waiter.data);
        }
      } while (this.sweepAgain && !this.closed);
    })()
      .catch(() => {
        this.sweepAgain = false; // Redis went away again: the next reconnect sweeps
      })
      .finally(() => {
        this.sweeping = undefined;
      });
  }
}
