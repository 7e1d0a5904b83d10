import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { answerWithin } from '../core/index.js';
import type { Candidate, Evaluator, Json } from '../core/index.js';
import { dataShapeOf } from '../evaluators/trainer.js';
import type { DatasetConfig } from '../evaluators/trainer.js';
import { createQueueEvaluator, runQueueWorker } from '../queue/index.js';
import type { QueueEvaluator, QueueJobData, QueueStatus, QueueWorkerHandle } from '../queue/index.js';
import type { RunParts } from './build-run.js';
import { jarsVersion } from './jars-version.js';
import { kindOf } from './registry.js';
import { constraintSchema, fidelitySchema, objectiveSchema } from './run-config.js';
import type { EvaluatorConfig, RunConfig } from './run-config.js';

/** The queue runs and workers share unless `queue.name` / `--queue-name` say otherwise. */
export const DEFAULT_QUEUE_NAME = 'jars-evaluations';

/** What a job tells a worker about its run, so that the worker builds the same evaluator the run would. */
const jobRunSchema = z.object({
  runId: z.string().min(1),
  seed: z.number(),
  fidelity: fidelitySchema,
  objectives: z.array(objectiveSchema),
  constraints: z.array(constraintSchema),
  evaluator: z.looseObject({ kind: z.string() }),
});
type JobRun = z.output<typeof jobRunSchema>;

/**
 * The run's parts with evaluations sent to the queue: each candidate becomes a BullMQ job that any
 * `jars worker` on the queue evaluates with the run's own evaluator kind; this process stays the
 * only journal writer. `--workers` is how many jobs the run keeps in flight.
 */
export function queuedRunParts(config: RunConfig, parts: RunParts, runId: string, onNotice: (text: string) => void): RunParts & { evaluator: QueueEvaluator<Candidate> } {
  const queue = config.queue as NonNullable<RunConfig['queue']>;
  const run: JobRun = {
    runId,
    seed: config.seed,
    fidelity: config.fidelity,
    objectives: config.objectives.map((o) => ({ ...o })),
    constraints: config.constraints.map((c) => ({ ...c })),
    evaluator: { ...config.evaluator },
  };
  const evaluator = createQueueEvaluator<Candidate>({
    url: queue.url,
    runId,
    queueName: queue.name ?? DEFAULT_QUEUE_NAME,
    payload: (candidate, context) => ({
      candidate,
      candidateId: context.candidateId,
      seed: config.seed,
      ...(context.repeat ? { repeat: { index: context.repeat.index, firstId: context.repeat.firstId } } : {}),
      // The worker's evaluator cache key: one evaluator per run (its split seed and trial folders differ).
      evaluatorConfig: run as unknown as Json,
      jarsVersion: jarsVersion(),
    }),
    metricNames: parts.evaluator.metricNames,
    concurrency: config.workers,
    ...(parts.evaluator.costOf ? { costOf: parts.evaluator.costOf.bind(parts.evaluator) } : {}),
    onNotice,
  });
  return { ...parts, evaluator };
}

export interface WorkerSetup {
  readonly url: string;
  readonly queueName?: string;
  /** Jobs at once (trainer processes, command trials). */
  readonly concurrency: number;
  readonly gpus?: readonly string[];
  /** The training command for runs that train with one (`--command`); never taken from a job. */
  readonly command?: string;
  /** Refuse jobs of runs on another space or dataset (`--space`, `--dataset`). */
  readonly space?: string;
  readonly dataset?: string;
  /** Where trial folders and split files of each run go: `<workDir>/<run id>/`. */
  readonly workDir: string;
  /**
   * Seconds a job stays locked to its worker without renewal (a dead worker's job waits this, plus
   * one check, before another takes it); 10 times this while the worker first loads a run's data
   * without giving its event loop back (`QueueWorkerOptions.preparingLockMs`).
   */
  readonly lockSeconds?: number;
  readonly onNotice: (text: string) => void;
}

export type { QueueStatus, QueueWorkerHandle };

/**
 * Starts a worker: it takes jobs of any run on the queue and evaluates them with the evaluator
 * kind the run names, built here from the job's data (never running a command from the queue).
 * A job it cannot evaluate faithfully (another jars version, space or dataset) is refused with
 * the reason, which stops that run with the message.
 */
export function startQueueWorker(setup: WorkerSetup): Promise<QueueWorkerHandle> {
  const shapes = new Map<string, string>();
  // Whole milliseconds: Redis refuses a fractional PX.
  const lockMs = setup.lockSeconds !== undefined ? Math.max(1, Math.round(setup.lockSeconds * 1000)) : undefined;
  return runQueueWorker({
    url: setup.url,
    queueName: setup.queueName ?? DEFAULT_QUEUE_NAME,
    concurrency: setup.concurrency,
    ...(setup.gpus ? { gpus: setup.gpus } : {}),
    host: os.hostname(),
    onNotice: setup.onNotice,
    ...(lockMs !== undefined ? { lockDurationMs: lockMs, stalledIntervalMs: lockMs } : {}),
    check: (job) => refusal(job, setup, shapes),
    buildEvaluator: (job) => buildLocal(runOf(job), setup),
  });
}

function runOf(job: QueueJobData): JobRun {
  const parsed = jobRunSchema.safeParse(job.evaluatorConfig);
  if (!parsed.success) throw new Error(`job ${job.candidateId} carries no run settings this worker can read`);
  return parsed.data;
}

/** Why this worker must not evaluate a job, or undefined. */
function refusal(job: QueueJobData, setup: WorkerSetup, shapes: Map<string, string>): string | undefined {
  if (job.jarsVersion !== jarsVersion()) return `the run uses jars ${String(job.jarsVersion)}, this worker jars ${jarsVersion()}`;
  const parsed = jobRunSchema.safeParse(job.evaluatorConfig);
  if (!parsed.success) return 'the job carries no run settings this worker can read';
  const e = parsed.data.evaluator as Record<string, unknown>;
  if (e.kind === 'command' && setup.command === undefined) {
    return `run ${parsed.data.runId} trains with a command; start this worker with --command "<your training command>" (commands are never taken from the queue)`;
  }
  if (setup.space !== undefined && e.space !== undefined && e.space !== setup.space) {
    return `run ${parsed.data.runId} searches space ${String(e.space)}, this worker serves space ${setup.space}`;
  }
  if (setup.dataset !== undefined && e.dataset !== undefined && e.dataset !== setup.dataset) {
    return `run ${parsed.data.runId} trains on dataset ${String(e.dataset)}, this worker serves dataset ${setup.dataset}`;
  }
  // The run recorded its dataset's shape and classes: the copy here must have the same.
  if (typeof e.dataset === 'string' && e.dataShape !== undefined) {
    const key = `${e.dataset}|${JSON.stringify(e.labelColumn ?? null)}|${JSON.stringify(e.inputShape ?? null)}`;
    let here = shapes.get(key);
    if (here === undefined) {
      try {
        here = JSON.stringify(dataShapeOf(e as unknown as DatasetConfig));
      } catch (error) {
        return `dataset ${e.dataset} of run ${parsed.data.runId} cannot be loaded here: ${(error as Error).message}`;
      }
      shapes.set(key, here);
    }
    if (here !== JSON.stringify(e.dataShape)) {
      return `dataset ${e.dataset} here has shape and classes ${here}, but run ${parsed.data.runId} recorded ${JSON.stringify(e.dataShape)}`;
    }
  }
  return undefined;
}

function buildLocal(run: JobRun, setup: WorkerSetup): Evaluator {
  const given = run.evaluator as unknown as EvaluatorConfig;
  const local: EvaluatorConfig =
    given.kind === 'command'
      ? { ...given, command: setup.command, workdir: process.cwd(), ...(setup.gpus ? { gpus: [...setup.gpus] } : {}) }
      : given;
  const parts = kindOf(local).build(local, {
    seed: run.seed,
    workers: setup.concurrency,
    fidelity: run.fidelity,
    objectives: run.objectives,
    constraints: run.constraints,
    runDir: path.join(setup.workDir, run.runId),
  });
  return parts.evaluator;
}

/** One line per fact of a queue for people: depth, and each worker with its host, state and last heartbeat. */
export function describeQueue(status: QueueStatus, queueName: string, nowMs = Date.now()): string[] {
  const lines = [`queue ${queueName}: ${status.waiting} waiting, ${status.active} running, ${status.completed} done and unread, ${status.failed} failed; ${status.workers.length} worker(s)`];
  for (const w of status.workers) {
    const ago = Math.max(0, (nowMs - w.lastHeartbeat.getTime()) / 1000);
    lines.push(`  ${w.host} pid ${w.pid}: ${w.busy ? `busy (${w.jobs.join(', ')})` : 'idle'}, ${w.concurrency} slot(s)${w.gpus.length ? `, gpus ${w.gpus.join(',')}` : ''}, heartbeat ${ago.toFixed(1)} s ago`);
  }
  return lines;
}

/** The run's queue and its workers now, read from Redis (undefined after `timeoutMs` without an answer). */
export async function readQueueStatus(config: RunConfig, runId: string, timeoutMs = 3000): Promise<{ status: QueueStatus; queueName: string } | undefined> {
  const queue = config.queue;
  if (!queue) return undefined;
  const queueName = queue.name ?? DEFAULT_QUEUE_NAME;
  const evaluator = createQueueEvaluator<Candidate>({
    url: queue.url,
    runId,
    queueName,
    payload: () => {
      throw new Error('a status reader enqueues nothing');
    },
    metricNames: [],
    onNotice: () => {},
  });
  try {
    return { status: await answerWithin(evaluator.status(), timeoutMs, 'no answer from Redis'), queueName };
  } catch {
    return undefined;
  } finally {
    await evaluator.close().catch(() => {});
  }
}
