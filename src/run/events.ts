import { z } from 'zod';
import type { Budget, Candidate, Evaluation, Json } from '../core/index.js';

/**
 * Journal events, one per line of `journal.jsonl`. Past tense: each records something that
 * happened. The engine replays them to resume; the TUI and reports read them.
 */
export type RunEvent =
  | { type: 'run-started'; seq: number; time: string; seed: number; resumedFrom: number }
  | {
      type: 'candidates-proposed';
      seq: number;
      time: string;
      requested: number;
      ids: number[];
      keys: string[];
      candidates: Candidate[];
      /** The strategy's predicted objective values per candidate (metric units, objective order), when it has a predictor. */
      predicted?: number[][];
    }
  | { type: 'candidate-evaluated'; seq: number; time: string; id: number; key: string; evaluation: Evaluation }
  | { type: 'stage-changed'; seq: number; time: string; stage: string }
  | { type: 'predictor-fitted'; seq: number; time: string; samples: number; seconds: number; quality?: Record<string, number> }
  | { type: 'run-finished'; seq: number; time: string; reason: 'budget' | 'stopped' | 'exhausted' | 'failed'; message?: string }
  /** The user paused (no new evaluations) or went on; paused time does not count against a time budget. */
  | { type: 'run-paused'; seq: number; time: string }
  | { type: 'run-unpaused'; seq: number; time: string }
  /**
   * `jars resume --budget/--cost-budget/--time-budget` set a new budget for the whole run (the
   * config's is the run's first); `budget` holds every limit now in force, `previous` those before.
   * Journals without it (older runs) keep their config's budget.
   */
  | { type: 'budget-changed'; seq: number; time: string; budget: Budget; previous: Budget };

export type RunEventType = RunEvent['type'];
/** An event before the journal numbers it. */
export type NewRunEvent = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, 'seq' | 'time'> & { time?: string } : never) : never;

/** Any JSON value (what candidates, infos and queue payloads are made of). */
export const jsonSchema: z.ZodType<Json> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(jsonSchema), z.record(z.string(), jsonSchema)]),
);
const json = jsonSchema;
const candidate = z.object({ arch: json, recipe: json });
// JSON has no Infinity/NaN: they are written as null and come back as NaN.
const num = z.union([z.number(), z.null().transform(() => Number.NaN)]);
const metrics = z.record(z.string(), num);
/** An `Evaluation` as JSON carries it (journal lines, queue results): NaN and Infinity travel as null. */
export const evaluationSchema = z.object({
  metrics,
  hiddenMetrics: metrics.optional(),
  cost: z.number(),
  seconds: z.number(),
  failure: z.string().optional(),
  pruned: z.object({ epoch: z.number(), epochs: z.number() }).optional(),
  curve: z.array(z.object({ epoch: z.number(), metrics })).optional(),
  info: z.record(z.string(), json).optional(),
});
const budgetSchema = z
  .object({ queries: z.number().int().positive().optional(), cost: z.number().positive().optional(), seconds: z.number().positive().optional() })
  .strict();
const base = { seq: z.number().int().nonnegative(), time: z.string() };

export const runEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('run-started'), ...base, seed: z.number(), resumedFrom: z.number() }),
  z.object({
    type: z.literal('candidates-proposed'),
    ...base,
    requested: z.number().int().nonnegative(),
    ids: z.array(z.number().int()),
    keys: z.array(z.string()),
    candidates: z.array(candidate),
    predicted: z.array(z.array(num)).optional(),
  }),
  z.object({ type: z.literal('candidate-evaluated'), ...base, id: z.number().int(), key: z.string(), evaluation: evaluationSchema }),
  z.object({ type: z.literal('stage-changed'), ...base, stage: z.string() }),
  z.object({
    type: z.literal('predictor-fitted'),
    ...base,
    samples: z.number(),
    seconds: z.number(),
    quality: z.record(z.string(), num).optional(),
  }),
  z.object({
    type: z.literal('run-finished'),
    ...base,
    reason: z.enum(['budget', 'stopped', 'exhausted', 'failed']),
    message: z.string().optional(),
  }),
  z.object({ type: z.literal('run-paused'), ...base }),
  z.object({ type: z.literal('run-unpaused'), ...base }),
  z.object({ type: z.literal('budget-changed'), ...base, budget: budgetSchema, previous: budgetSchema }),
]);
