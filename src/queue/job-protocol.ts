import { z } from 'zod';
import { checkSafeName, show } from '../core/index.js';
import type { Candidate, Evaluation, Json } from '../core/index.js';
import { evaluationSchema, jsonSchema } from '../run/index.js';

/**
 * What a queue job carries to a worker. Data only: a worker builds its evaluator from
 * `evaluatorConfig` with code it already has, and never runs a command taken from a job.
 */
export interface QueueJobData {
  readonly candidate: Candidate;
  /** The candidate's id in the run's journal; with `seed` it fixes the evaluation's random stream. */
  readonly candidateId: number;
  /** The run's seed. */
  readonly seed: number;
  /** A re-query: earlier evaluations of this candidate in the run, and the first one's id. */
  readonly repeat?: { readonly index: number; readonly firstId: number };
  /** The worker's evaluator cache key and the input of its `buildEvaluator`. */
  readonly evaluatorConfig?: Json;
  /** Anything else the worker's `check` looks at: jars version, space, dataset fingerprint, … */
  readonly [field: string]: unknown;
}

/** Redis key prefix of every jars queue (BullMQ's default is `bull`). */
export const QUEUE_PREFIX = 'jars';
/** BullMQ job name of an evaluation. */
export const EVALUATE_JOB = 'evaluate';

/** The queue a run's evaluations go to unless one is named: `jars-<runId>`. */
export function queueNameForRun(runId: string): string {
  checkSafeName('queue.runId', runId);
  return `jars-${runId}`;
}

/**
 * The job id of a candidate's evaluation: `<runId>/<candidateId>`. Run ids hold no "/" so the id is
 * unique even on a queue shared by runs; BullMQ forbids ":" in custom ids and all-digit ones.
 */
export function jobIdFor(runId: string, candidateId: number): string {
  return `${runId}/${candidateId}`;
}

const json = jsonSchema;

export const jobDataSchema = z.looseObject({
  candidate: z.object({ arch: json, recipe: json }),
  candidateId: z.number().int().nonnegative(),
  seed: z.number(),
  repeat: z.object({ index: z.number().int().positive(), firstId: z.number().int().nonnegative() }).optional(),
  evaluatorConfig: json.optional(),
});


/** A worker's job result read back: an Evaluation, or a failed one saying why it could not be read. */
export function decodeEvaluation(value: unknown, jobId: string): Evaluation {
  const parsed = evaluationSchema.safeParse(typeof value === 'string' ? safeJson(value) : value);
  if (parsed.success) return parsed.data as Evaluation;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'result';
  return {
    metrics: {},
    cost: 0,
    seconds: 0,
    failure: `queue job ${jobId} returned a malformed evaluation: ${where} ${issue?.message ?? 'is invalid'}, got ${show(value)}`,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Job failures that must stop the run rather than fail one candidate carry this marker at the start
 * of BullMQ's `failedReason`: `[jars:refused] …` for a worker's refusal (version, space or dataset
 * mismatch), `[jars:E_DATA] …` for a JarsError the worker's evaluator threw.
 */
const STOPPING = /^\[jars:([A-Za-z_]+)\] ([\s\S]*)$/;

export function stoppingReason(kind: string, message: string): string {
  return `[jars:${kind}] ${message}`;
}

/** The message of a failure that stops the run, or undefined for one that only fails its candidate. */
export function parseStoppingReason(failedReason: string): { kind: string; message: string } | undefined {
  const m = STOPPING.exec(failedReason);
  return m ? { kind: m[1] as string, message: m[2] as string } : undefined;
}
