import { existsSync } from 'node:fs';
import path from 'node:path';
import { InvalidInputError, toLosses } from '../core/index.js';
import type { Candidate, Evaluation, Json, Objective } from '../core/index.js';
import { buildRunParts } from '../engine/index.js';
import type { RunParts } from '../engine/index.js';
import { constraintViolation, paretoFront } from '../pareto/index.js';
import type { MetricConstraint } from '../pareto/index.js';
import { CONFIG_FILE, RunDirectory, parseRunConfig } from '../run/index.js';
import type { RunConfig, RunEvent } from '../run/index.js';

/** One measured candidate of a run, in journal order. */
export interface EvaluatedCandidate {
  readonly id: number;
  readonly key: string;
  readonly candidate: Candidate;
  readonly evaluation: Evaluation;
  /** 0-based position among the run's evaluations (the x axis of "over time" plots). */
  readonly order: number;
  readonly time: string;
  /** One minimised value per run objective; +Infinity when failed or missing. */
  readonly losses: readonly number[];
  readonly failed: boolean;
  /** Meets the run's constraints (always true without constraints). */
  readonly feasible: boolean;
  /** Evaluated at the space's full fidelity: only these are comparable and make the front. */
  readonly full: boolean;
}

export interface PredictorFit {
  readonly round: number;
  readonly samples: number;
  readonly seconds: number;
  readonly quality: Readonly<Record<string, number>>;
  /** Evaluations journaled before this fit. */
  readonly afterEvaluations: number;
}

export type RunState =
  | { readonly kind: 'finished'; readonly reason: string; readonly message?: string }
  | { readonly kind: 'running'; readonly pid: number }
  | { readonly kind: 'interrupted' }
  | { readonly kind: 'not-started' };

/** Everything reports and recipe export read from a run folder, computed once. */
export interface RunAnalysis {
  readonly dir: string;
  readonly runId: string;
  readonly config: RunConfig;
  readonly objectives: readonly Objective[];
  /** The run's space/evaluator rebuilt from its config; absent when that failed (see `partsError`). */
  readonly parts?: RunParts;
  readonly partsError?: string;
  readonly events: readonly RunEvent[];
  readonly evaluated: readonly EvaluatedCandidate[];
  /** Proposed but never evaluated (in flight when the run stopped). */
  readonly pending: readonly { readonly id: number; readonly key: string; readonly candidate: Candidate }[];
  /** Pareto front of the full-fidelity, succeeded (and, if any, feasible) evaluations, by first objective. */
  readonly front: readonly EvaluatedCandidate[];
  readonly predictorFits: readonly PredictorFit[];
  readonly stages: readonly { readonly stage: string; readonly afterEvaluations: number }[];
  readonly state: RunState;
  readonly totalCost: number;
}

export interface AnalyseRunOptions {
  /** The run's space/evaluator when the caller already has them (the TUI, a live session). */
  readonly parts?: RunParts;
  /** How the run folder argument is named in errors. */
  readonly field?: string;
}

// Loading a benchmark table takes seconds (FCNet: 62k rows); reports and repeated exports in one
// process (e.g. the TUI's export key) reuse the parts of an evaluator config already built.
const partsCache = new Map<string, RunParts>();

function partsFor(config: RunConfig): RunParts {
  const key = JSON.stringify([config.evaluator, config.objectives, config.constraints, config.fidelity]);
  let parts = partsCache.get(key);
  if (!parts) {
    parts = buildRunParts(config);
    partsCache.set(key, parts);
  }
  return parts;
}

/**
 * Reads a run folder (finished, live or crashed: a torn last journal line is ignored) into the
 * candidates, front and history that reports and exports need. `runDir` is user input: a folder
 * that is not a run is an `InvalidInputError` naming it.
 */
export function analyseRun(runDir: string, options: AnalyseRunOptions = {}): RunAnalysis {
  const field = options.field ?? 'run-dir';
  if (!existsSync(path.join(runDir, CONFIG_FILE))) {
    const why = existsSync(runDir) ? `it has no ${CONFIG_FILE}` : 'it does not exist';
    throw new InvalidInputError(`${field} must be a run folder (runs/<run-id> with ${CONFIG_FILE} and journal.jsonl), but got ${JSON.stringify(runDir)}: ${why}`);
  }
  const run = RunDirectory.open(runDir);
  const config = parseRunConfig(run.config, path.join(runDir, CONFIG_FILE));
  let parts = options.parts;
  let partsError: string | undefined;
  if (!parts) {
    try {
      parts = partsFor(config);
    } catch (error) {
      partsError = error instanceof Error ? error.message : String(error);
    }
  }
  const pid = run.activeHolder()?.pid;
  return analyseEvents({
    dir: runDir,
    runId: run.id,
    config,
    events: run.events(),
    ...(parts ? { parts } : {}),
    ...(partsError ? { partsError } : {}),
    ...(pid !== undefined ? { pid } : {}),
  });
}

export interface AnalyseInput {
  readonly dir: string;
  readonly runId: string;
  readonly config: RunConfig;
  readonly events: readonly RunEvent[];
  readonly parts?: RunParts;
  readonly partsError?: string;
  /** A live process holding the run's lock. */
  readonly pid?: number;
}

/** The pure part of `analyseRun`: events + config → analysis. */
export function analyseEvents(input: AnalyseInput): RunAnalysis {
  const { config, events, parts } = input;
  const objectives = config.objectives;
  const constraints: MetricConstraint[] = config.constraints.map((c) => ({
    metric: c.metric,
    ...(c.max !== undefined ? { atMost: c.max } : {}),
    ...(c.min !== undefined ? { atLeast: c.min } : {}),
  }));
  const fidelity = parts?.space.fidelity;
  const proposed = new Map<number, { id: number; key: string; candidate: Candidate }>();
  const evaluated: EvaluatedCandidate[] = [];
  const seen = new Set<number>();
  const predictorFits: PredictorFit[] = [];
  const stages: { stage: string; afterEvaluations: number }[] = [];
  let totalCost = 0;
  let lastStart = -1;
  let lastFinish: Extract<RunEvent, { type: 'run-finished' }> | undefined;

  for (const event of events) {
    switch (event.type) {
      case 'candidates-proposed':
        event.ids.forEach((id, i) => proposed.set(id, { id, key: event.keys[i] ?? '', candidate: event.candidates[i] as Candidate }));
        break;
      case 'candidate-evaluated': {
        const p = proposed.get(event.id);
        if (!p || seen.has(event.id)) break; // the engine refuses such journals on resume; a report just skips them
        seen.add(event.id);
        const failed = event.evaluation.failure !== undefined;
        const losses = failed ? objectives.map(() => Number.POSITIVE_INFINITY) : toLosses(event.evaluation.metrics, objectives);
        const fidelityValue = fidelity ? (p.candidate.recipe as Record<string, Json> | null)?.[fidelity.dimension] : undefined;
        evaluated.push({
          id: event.id,
          key: event.key,
          candidate: p.candidate,
          evaluation: event.evaluation,
          order: evaluated.length,
          time: event.time,
          losses,
          failed: failed || losses.some((v) => v === Number.POSITIVE_INFINITY),
          feasible: constraints.length === 0 || constraintViolation(event.evaluation.metrics, constraints) === 0,
          full: !fidelity || fidelityValue === undefined || fidelityValue === fidelity.full,
        });
        totalCost += Number.isFinite(event.evaluation.cost) ? event.evaluation.cost : 0;
        break;
      }
      case 'predictor-fitted':
        predictorFits.push({
          round: predictorFits.length + 1,
          samples: event.samples,
          seconds: event.seconds,
          quality: event.quality ?? {},
          afterEvaluations: evaluated.length,
        });
        break;
      case 'stage-changed':
        stages.push({ stage: event.stage, afterEvaluations: evaluated.length });
        break;
      case 'run-started':
        lastStart = event.seq;
        break;
      case 'run-finished':
        lastFinish = event;
        break;
    }
  }

  const state: RunState =
    input.pid !== undefined
      ? { kind: 'running', pid: input.pid }
      : lastFinish && lastFinish.seq > lastStart
        ? { kind: 'finished', reason: lastFinish.reason, ...(lastFinish.message ? { message: lastFinish.message } : {}) }
        : lastStart < 0
          ? { kind: 'not-started' }
          : { kind: 'interrupted' };

  return {
    dir: input.dir,
    runId: input.runId,
    config,
    objectives,
    ...(parts ? { parts } : {}),
    ...(input.partsError ? { partsError: input.partsError } : {}),
    events,
    evaluated,
    pending: [...proposed.values()].filter((p) => !seen.has(p.id)),
    front: frontOf(evaluated),
    predictorFits,
    stages,
    state,
    totalCost,
  };
}

/** Candidates that may enter the front: measured at full fidelity and, if any is feasible, feasible. */
export function comparable(evaluated: readonly EvaluatedCandidate[]): EvaluatedCandidate[] {
  const ok = evaluated.filter((e) => e.full && !e.failed);
  const feasible = ok.filter((e) => e.feasible);
  return feasible.length > 0 ? feasible : ok;
}

/** The Pareto front (minimised losses), sorted by the first objective then id. */
export function frontOf(evaluated: readonly EvaluatedCandidate[]): EvaluatedCandidate[] {
  const pool = comparable(evaluated);
  const front = paretoFront(pool.map((e) => e.losses)).map((i) => pool[i] as EvaluatedCandidate);
  return front.sort((a, b) => (a.losses[0] as number) - (b.losses[0] as number) || a.id - b.id);
}

/**
 * The best comparable candidate on one objective. Ties are broken by the other objectives in
 * order (so the pick is on the front: a tie on FLOPs goes to the more accurate one), then by id.
 */
export function bestFor(analysis: RunAnalysis, objectiveIndex: number): EvaluatedCandidate | undefined {
  const order = [objectiveIndex, ...analysis.objectives.map((_, j) => j).filter((j) => j !== objectiveIndex)];
  const better = (a: EvaluatedCandidate, b: EvaluatedCandidate) => {
    for (const j of order) {
      const x = a.losses[j] as number;
      const y = b.losses[j] as number;
      if (x !== y) return x < y;
    }
    return a.id < b.id;
  };
  let best: EvaluatedCandidate | undefined;
  for (const e of comparable(analysis.evaluated)) if (!best || better(e, best)) best = e;
  return best;
}

/** The space's one-line summary, or compact JSON when the space could not be rebuilt. */
export function describeCandidate(analysis: RunAnalysis, candidate: Candidate): string {
  if (analysis.parts) {
    try {
      return analysis.parts.space.describe(candidate);
    } catch {
      // a candidate the current space no longer accepts: fall through to JSON
    }
  }
  return JSON.stringify(candidate.arch);
}
