import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JarsError } from '../core/index.js';
import type { Candidate, EvaluateContext, Evaluation, Evaluator, Rng, IntermediateReport, PruneDecision } from '../core/index.js';
import { TRAINER_METRICS } from './metrics.js';
import type { FromWorker, ToWorker, WorkerTrainerOptions } from './worker-protocol.js';

/** One evaluation to run somewhere: what crosses a process (or network) boundary. */
export interface EvaluationRequest {
  readonly candidate: Candidate;
  /** Seeds the evaluation's Rng on the worker (from the engine's per-evaluation Rng). */
  readonly seed: number;
  /** Per-epoch reports go here (a pruner's question); absent: the worker reports nothing. */
  readonly report?: (progress: IntermediateReport) => PruneDecision;
}

/**
 * The seam between the engine and whoever runs evaluations: the local process pool below, or
 * later a distributed queue (e.g. BullMQ on Redis) with the same two methods.
 */
export interface EvaluationQueue {
  /** How many evaluations run at once. */
  readonly size: number;
  submit(request: EvaluationRequest, signal?: AbortSignal): Promise<Evaluation>;
  close(): Promise<void>;
}

/** Any evaluation queue, seen by the engine as one Evaluator with `concurrency` = queue size. */
export class QueueEvaluator implements Evaluator<Candidate> {
  readonly concurrency: number;
  constructor(
    private readonly queue: EvaluationQueue,
    readonly name = 'trainer-pool',
    readonly metricNames: readonly string[] = TRAINER_METRICS,
  ) {
    this.concurrency = queue.size;
  }

  evaluate(candidate: Candidate, context: EvaluateContext): Promise<Evaluation> {
    return this.queue.submit({ candidate, seed: workerSeed(context.rng), ...(context.report ? { report: context.report } : {}) }, context.signal);
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}

export interface LocalPoolOptions {
  /** Worker processes; default: number of cores. */
  readonly workers?: number;
  /** The compiled worker entry; default: dist/train/worker-main.js (run `npm run build`). */
  readonly workerScript?: string;
  /** Extra node flags for workers. */
  readonly execArgv?: readonly string[];
  /**
   * How often an evaluation whose worker died (OOM killer, kill -9) runs again on a fresh worker
   * before it is recorded as failed; default 2.
   */
  readonly crashRetries?: number;
}

/** What the pool's workers are doing now (for displays, and tests that kill one). */
export interface WorkerInfo {
  readonly pid: number | undefined;
  /** Whether a candidate was handed to this worker and is being evaluated. */
  readonly evaluating: boolean;
}

interface Slot {
  child: ChildProcess;
  ready: Promise<void>;
  busy?: { id: number; job: Pending; resolve: (e: Evaluation) => void; reject: (e: Error) => void; started: number; sent: boolean };
}

interface Pending {
  request: EvaluationRequest;
  signal?: AbortSignal;
  resolve: (e: Evaluation) => void;
  reject: (e: Error) => void;
  /** Workers that died while evaluating this request so far. */
  crashes: string[];
}

const DEFAULT_CRASH_RETRIES = 2;

/**
 * N trainer worker processes on this machine, one evaluation each at a time, FIFO. A worker that
 * dies mid-evaluation is replaced, and its evaluation runs again on a fresh worker (the crash is
 * not the candidate's failure); only after `crashRetries` more deaths is it recorded as failed.
 */
export class LocalProcessQueue implements EvaluationQueue {
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly pending: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private readonly script: string;

  constructor(private readonly trainer: WorkerTrainerOptions, private readonly options: LocalPoolOptions = {}) {
    this.size = Math.max(1, options.workers ?? cpus().length);
    this.script = options.workerScript ?? defaultWorkerScript();
    if (!existsSync(this.script)) {
      throw new JarsError('E_WORKER', `worker script ${this.script} not found; run \`npm run build\` first (the pool starts compiled workers)`);
    }
    for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
  }

  submit(request: EvaluationRequest, signal?: AbortSignal): Promise<Evaluation> {
    if (this.closed) return Promise.reject(new JarsError('E_WORKER', 'the worker pool is closed'));
    return new Promise<Evaluation>((resolve, reject) => {
      this.pending.push({ request, resolve, reject, crashes: [], ...(signal ? { signal } : {}) });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.pending.splice(0)) p.reject(new JarsError('E_WORKER', 'the worker pool was closed'));
    await Promise.all(
      this.slots.map(
        (slot) =>
          new Promise<void>((done) => {
            if (slot.child.exitCode !== null || slot.child.signalCode !== null) return done();
            slot.child.once('exit', () => done());
            // A busy worker is inside a synchronous training loop and would only see the
            // disconnect once that candidate finished; its result is no longer wanted.
            if (slot.busy) slot.child.kill('SIGTERM');
            else slot.child.disconnect();
          }),
      ),
    );
  }

  private spawn(): Slot {
    const child = fork(this.script, [String(process.pid)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [...(this.options.execArgv ?? [])] });
    const slot: Slot = { child, ready: Promise.resolve() };
    slot.ready = new Promise<void>((resolve) => {
      const onReady = (m: FromWorker) => {
        if (m.type === 'ready') {
          child.off('message', onReady);
          resolve();
        }
      };
      child.on('message', onReady);
    });
    child.on('message', (m: FromWorker) => this.onMessage(slot, m));
    child.on('exit', (code, sig) => this.onExit(slot, code, sig));
    child.send({ type: 'init', options: this.trainer } satisfies ToWorker);
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy || this.pending.length === 0) continue;
      const job = this.pending.shift() as Pending;
      if (job.signal?.aborted) {
        job.reject(new JarsError('E_ABORTED', 'evaluation aborted before it started'));
        continue;
      }
      const id = this.nextId++;
      slot.busy = { id, job, resolve: job.resolve, reject: job.reject, started: performance.now(), sent: false };
      let sent = false;
      let aborted = false;
      let settled = false;
      const onAbort = () => {
        aborted = true;
        if (slot.busy?.id !== id) return;
        if (sent) slot.child.send({ type: 'abort', id } satisfies ToWorker);
        // A worker deep in a synchronous training loop reads the abort only between steps or
        // candidates, and one still starting has not been sent the job: either way the caller gets
        // its answer now, and the slot stays busy until the worker answers or is ready (closing the
        // pool, which a stopped run does next, ends it).
        slot.busy.resolve({ metrics: {}, cost: 0, seconds: (performance.now() - slot.busy.started) / 1000, failure: 'aborted' });
      };
      job.signal?.addEventListener('abort', onAbort, { once: true });
      // Settles once (an aborted job's late answer is dropped); the run's signal outlives every
      // job, so its listener goes when the job settles.
      const settle = <T>(f: (v: T) => void) => (v: T) => {
        if (settled) return;
        settled = true;
        job.signal?.removeEventListener('abort', onAbort);
        f(v);
      };
      slot.busy = { ...slot.busy, resolve: settle(job.resolve), reject: settle(job.reject) };
      void slot.ready.then(() => {
        if (slot.busy?.id !== id) return;
        if (aborted) {
          // Aborted while the worker was starting (the caller has its answer): never sent, so
          // nothing to cancel there.
          slot.busy = undefined;
          this.dispatch();
          return;
        }
        sent = true;
        if (slot.busy) slot.busy.sent = true;
        slot.child.send({ type: 'evaluate', id, candidate: job.request.candidate, seed: job.request.seed, ...(job.request.report ? { reports: true } : {}) } satisfies ToWorker);
      });
    }
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    if (m.type === 'ready' || !slot.busy || slot.busy.id !== m.id) return;
    if (m.type === 'progress') {
      const decision = slot.busy.job.request.report?.(m.report) ?? 'continue';
      slot.child.send({ type: 'decision', id: m.id, decision } satisfies ToWorker);
      return;
    }
    const job = slot.busy;
    slot.busy = undefined;
    if (m.type === 'result') job.resolve(m.evaluation);
    // A coded error (bad input, data that no longer loads) is the run's: the engine stops on it. A
    // code-less one is what this candidate's training threw (a tfjs error): its failure only.
    else job.reject(m.code !== undefined ? new JarsError(m.code, m.message) : new Error(m.message));
    this.dispatch();
  }

  /** The workers now, in slot order. */
  workers(): WorkerInfo[] {
    return this.slots.map((s) => ({ pid: s.child.pid, evaluating: s.busy?.sent ?? false }));
  }

  private onExit(slot: Slot, code: number | null, signal: NodeJS.Signals | null): void {
    const busy = slot.busy;
    slot.busy = undefined;
    if (busy) {
      const why = signal ? `signal ${signal}` : `code ${String(code)}`;
      const job = busy.job;
      job.crashes.push(why);
      const retries = this.options.crashRetries ?? DEFAULT_CRASH_RETRIES;
      if (this.closed || job.signal?.aborted || job.crashes.length > retries) {
        const failure = this.closed || job.signal?.aborted || retries === 0
          ? `worker process exited (${why}) during the evaluation`
          : `worker process exited during the evaluation ${job.crashes.length} times (${job.crashes.join(', ')}); the candidate was tried on a fresh worker each time`;
        busy.resolve({ metrics: {}, cost: 0, seconds: (performance.now() - busy.started) / 1000, failure });
      } else {
        // Its listener was dropped only on settling, so the job keeps its abort wiring: run it next.
        this.pending.unshift({ ...job, resolve: busy.resolve, reject: busy.reject });
      }
    }
    if (this.closed) return;
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots[i] = this.spawn();
    this.dispatch();
  }
}

function defaultWorkerScript(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const sibling = path.join(here, 'worker-main.js');
  if (existsSync(sibling)) return sibling;
  // Running from src/ (tests): use the compiled copy.
  return path.resolve(here, '..', '..', 'dist', 'train', 'worker-main.js');
}

/** A pool of local trainer processes as one Evaluator (concurrency = workers). */
export function createTrainerPool(trainer: WorkerTrainerOptions, options: LocalPoolOptions = {}): QueueEvaluator {
  return new QueueEvaluator(new LocalProcessQueue(trainer, options));
}

/** The seed a worker process trains with, drawn from the evaluation's stream (workers get a number). */
export function workerSeed(rng: Rng): number {
  return rng.nextUint32();
}
